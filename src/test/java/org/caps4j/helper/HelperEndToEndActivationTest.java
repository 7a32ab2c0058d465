/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperEndToEndClients.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.ProcTasks;
import org.caps4j.testing.TestScratch;
import org.junit.jupiter.api.Test;

/**
 * examples/helper/HelperExample.java started the way caps4j-helper-example.service starts it:
 * systemd-socket-activate (root) binds the socket and, on the first connection, execs setpriv,
 * which becomes the service user with the unit's {@code AmbientCapabilities=},
 * {@code CapabilityBoundingSet=} and {@code NoNewPrivileges=} (plus cap_net_raw, one too many)
 * and execs the JVM. The example serves the socket it was passed, and a census from outside
 * finds every thread with the union permitted only: nothing ambient, nothing effective, and
 * the extra capability gone.
 */
class HelperEndToEndActivationTest {
    private static final String ZERO = "0000000000000000";
    private static final String UNION = "0000000000000406"; // dac_override, dac_read_search,
                                                            // net_bind_service
    private static final String CAPS = "+dac_override,+dac_read_search,+net_bind_service,+net_raw";

    @Test
    void startedLikeTheSystemdUnitItServesThePassedSocketWithOnlyTheUnionPermitted()
            throws Exception {
        Path activate = Privileged.requireTool("systemd-socket-activate");
        Privileged.requireTool("socat");
        try (HelperTransportFixture fixture = new HelperTransportFixture();
                HelperOpsUser service = HelperOpsUser.create()) {
            Path logs = TestScratch.directory("caps4j-helper-e2e-logs-");
            Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(Files.writeString(logs.resolve("app.log"), "the-log\n"),
                    PosixFilePermissions.fromString("rw-------"));
            Path socket = fixture.directory.resolve("socket");
            List<String> command = new ArrayList<>(List.of(activate.toString(), "-l",
                    socket.toString(), "--", "setpriv", "--reuid=" + service.uid,
                    "--regid=" + service.gid, "--clear-groups", "--inh-caps=" + CAPS,
                    "--ambient-caps=" + CAPS, "--bounding-set=-all," + CAPS, "--no-new-privs"));
            command.addAll(ChildJvm.javaCommand(Path.of("examples/helper/HelperExample.java")
                    .toAbsolutePath().toString()));
            command.addAll(List.of(service.name, logs.toString()));
            try (HelperEndToEndChild helper = HelperEndToEndChild.launch(command)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(socket) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                // the first connection starts the helper (root: whatever mode the socket got)
                assertEquals("{\"parameters\":{\"text\":\"the-log\\n\"}}", HelperEndToEndClients
                        .socat(List.of(), socket, call("org.caps4j.example.Helper.ReadLog",
                                "{\"file\":\"app.log\"}")).reply());
                assertEquals("listening on the socket systemd passed as uid " + service.uid
                        + ", every thread E = {}, P = cap_dac_override,cap_dac_read_search,"
                        + "cap_net_bind_service", helper.await(l -> l.startsWith("listening on ")));
                List<Map<String, String>> tasks = ProcTasks.read(helper.pid());
                assertTrue(tasks.size() > 10, "a JVM's threads: " + tasks.size());
                for (Map<String, String> task : tasks) {
                    String what = "task " + task.get("Tid") + " (" + task.get("Name") + ")";
                    assertEquals(ZERO, task.get("CapEff"), what);
                    assertEquals(UNION, task.get("CapPrm"), what);
                    assertEquals(ZERO, task.get("CapInh"), what);
                    assertEquals(ZERO, task.get("CapAmb"), what);
                }
                helper.await(line -> line.startsWith("caps4j-helper uid=0 gid=0 ")
                        && line.endsWith(" method=org.caps4j.example.Helper.ReadLog"
                                + " decision=allowed result=ok"));
            }
        }
    }
}
