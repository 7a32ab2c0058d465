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
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.ProcTasks;
import org.caps4j.testing.TestScratch;
import org.junit.jupiter.api.Test;

/**
 * H8 over the real socket: while a socat client's call is blocked inside its operation
 * ({@link HelperEndToEndHoldMain}, started as root, resting as a scratch service user), this
 * JVM reads /proc/CHILD/task/*&#47;status itself and finds exactly one thread with an effective
 * set, the worker, holding exactly the operation's cap_dac_read_search; the accept thread, the
 * connection thread serving that very call and every other thread hold none, and all hold the
 * union (cap_dac_read_search, cap_net_bind_service) permitted only.
 */
class HelperEndToEndCensusTest {
    private static final String ZERO = "0000000000000000";
    private static final String DAC_READ_SEARCH = "0000000000000004";
    private static final String UNION = "0000000000000404";

    @Test
    void h8OnlyTheWorkerOfTheCallInProgressHoldsItsCapability() throws Exception {
        Privileged.requireTool("socat");
        try (HelperTransportFixture fixture = new HelperTransportFixture();
                HelperOpsUser service = HelperOpsUser.create();
                HelperOpsUser client = HelperOpsUser.create()) {
            Path secrets = TestScratch.directory("caps4j-helper-e2e-secret-");
            Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(Files.writeString(secrets.resolve("secret"),
                    "the-secret\n"), PosixFilePermissions.fromString("rw-------"));
            Path socket = fixture.directory.resolve("socket");
            List<String> command = new ArrayList<>(ChildJvm.javaCommand(
                    HelperEndToEndHoldMain.class.getName()));
            command.addAll(List.of(Integer.toString(service.uid), Integer.toString(service.gid),
                    socket.toString(), Integer.toString(client.gid), secrets.toString()));
            List<String> asClient = HelperTransportFixture.as(client.uid, client.gid);
            try (HelperEndToEndChild helper = HelperEndToEndChild.start(command)) {
                Process hold = HelperEndToEndClients.startSocat(asClient, socket,
                        call("org.caps4j.test.Hold.Hold", "{\"file\":\"secret\"}"));
                String line = helper.await(l -> l.startsWith("holding tid="));
                String worker = line.substring("holding tid=".length());

                List<Map<String, String>> tasks = ProcTasks.read(helper.pid());
                List<String> raised = new ArrayList<>();
                for (Map<String, String> task : tasks) {
                    String what = "task " + task.get("Tid") + " (" + task.get("Name") + ")";
                    if (!task.get("CapEff").equals(ZERO)) {
                        raised.add(what + " CapEff " + task.get("CapEff"));
                    }
                    assertEquals(UNION, task.get("CapPrm"), what);
                    assertEquals(ZERO, task.get("CapAmb"), what);
                    assertEquals(service.uid + "\t" + service.uid + "\t" + service.uid + "\t"
                            + service.uid, task.get("Uid"), what);
                }
                assertEquals(List.of("task " + worker + " (" + name(tasks, worker) + ") CapEff "
                        + DAC_READ_SEARCH), raised, "exactly the worker, exactly its capability");
                assertEquals(1, count(tasks, "caps4j-helper-a"), "the accept thread was counted");
                assertTrue(count(tasks, "caps4j-helper-c") >= 1,
                        "the connection thread of the call in progress was counted: " + tasks);

                assertEquals("{\"parameters\":{}}", HelperEndToEndClients.socat(asClient, socket,
                        call("org.caps4j.test.Hold.Release", "{}")).reply());
                assertEquals("{\"parameters\":{\"text\":\"the-secret\\n\"}}",
                        HelperEndToEndClients.finish(hold).reply());
                for (Map<String, String> task : ProcTasks.read(helper.pid())) {
                    assertEquals(ZERO, task.get("CapEff"), "after the call: " + task);
                }
            }
        }
    }

    private static long count(List<Map<String, String>> tasks, String name) {
        return tasks.stream().filter(t -> name.equals(t.get("Name"))).count();
    }

    private static String name(List<Map<String, String>> tasks, String tid) {
        return tasks.stream().filter(t -> tid.equals(t.get("Tid"))).map(t -> t.get("Name"))
                .findFirst().orElse("gone");
    }
}
