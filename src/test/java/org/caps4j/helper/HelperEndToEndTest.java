/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperEndToEndClients.call;
import static org.caps4j.helper.HelperEndToEndClients.socat;
import static org.caps4j.helper.HelperTransportFixture.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.TestScratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * examples/helper/HelperExample.java as it is deployed: started as root in a child JVM with
 * its socket in a private root-owned directory under /run, it becomes a scratch service user
 * and serves. Every client is a real user the test creates, running socat, HelperAdmin or a
 * Python client through setpriv; the socket is mode 0660 for group users
 * ({@code -Dhelper.socketGroup=users}), so the helper itself must refuse what it should.
 * The logs are 0600 files in a 0700 directory, both root's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelperEndToEndTest {
    private static final String HELPER = "org.caps4j.example.Helper.";
    private static final int USERS = 100, ADM = 4, SUDO = 27;

    private HelperTransportFixture fixture;
    private final List<HelperOpsUser> users = new ArrayList<>();
    private HelperOpsUser service, client, admin;
    private Path logs, socket;
    private HelperEndToEndChild helper;

    @BeforeAll
    void start() throws Exception {
        fixture = new HelperTransportFixture();
        Privileged.requireTool("socat");
        service = user();
        client = user();
        admin = user();
        logs = TestScratch.directory("caps4j-helper-e2e-logs-");
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwx------"));
        for (Map.Entry<String, String> log : Map.of("app.log", "the-log\n",
                "truncate.log", "old lines\n").entrySet()) {
            Files.setPosixFilePermissions(Files.writeString(logs.resolve(log.getKey()),
                    log.getValue()), PosixFilePermissions.fromString("rw-------"));
        }
        socket = fixture.directory.resolve("socket");
        List<String> command = new ArrayList<>(ChildJvm.javaCommand(List.of(
                "--enable-native-access=ALL-UNNAMED", "-Dhelper.socketGroup=users"),
                Path.of("examples/helper/HelperExample.java").toAbsolutePath().toString()));
        command.addAll(List.of(service.name, logs.toString(), socket.toString()));
        helper = HelperEndToEndChild.start(command);
    }

    private HelperOpsUser user() {
        HelperOpsUser user = HelperOpsUser.create();
        users.add(user);
        return user;
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (helper != null) {
                helper.close();
            }
            if (fixture != null) {
                fixture.close();
            }
        } finally {
            // newest first: each puts back the /etc backups it found, the first one's last
            for (int i = users.size() - 1; i >= 0; i--) {
                users.get(i).close();
            }
        }
    }

    /** A member of the callers' group adm (and of users, to pass the socket's mode). */
    private List<String> caller() {
        return as(client.uid, client.gid, USERS, ADM);
    }

    @Test
    void listensWhereItSaysInTheRestingState() throws Exception {
        assertEquals("listening on " + socket + " (mode 0660, group users) as uid " + service.uid
                + ", every thread E = {}, P = cap_dac_override,cap_dac_read_search,"
                + "cap_net_bind_service", helper.await(line -> line.startsWith("listening on ")));
        Map<String, Object> attributes = Files.readAttributes(socket, "unix:uid,gid,mode",
                LinkOption.NOFOLLOW_LINKS);
        assertEquals(0, attributes.get("uid"), "root's socket: it was bound before the drop");
        assertEquals(USERS, attributes.get("gid"));
        assertEquals(0660, (Integer) attributes.get("mode") & 07777);
    }

    @Test
    void aCallerReadsARootOnlyLog() throws Exception {
        assertEquals("{\"parameters\":{\"text\":\"the-log\\n\"}}", socat(caller(), socket,
                call(HELPER + "ReadLog", "{\"file\":\"app.log\"}")).reply());
        assertNotEquals(0, ChildJvm.exec(concat(caller(), "cat", logs.resolve("app.log")
                .toString())).exitCode(), "the caller cannot read the log itself");
        helper.await(line -> line.startsWith("caps4j-helper uid=" + client.uid + " gid="
                + client.gid + " pid=") && line.endsWith(" method=" + HELPER
                        + "ReadLog decision=allowed result=ok"));
    }

    @Test
    void aUserOutsideTheGroupIsRefusedAndAudited() throws Exception {
        // admin is in users (may connect) but not in adm (may not read logs)
        assertEquals("{\"error\":\"org.caps4j.helper.NotAuthorized\",\"parameters\":{}}",
                socat(as(admin.uid, admin.gid, USERS), socket,
                        call(HELPER + "ReadLog", "{\"file\":\"app.log\"}")).reply());
        helper.await(line -> line.startsWith("caps4j-helper uid=" + admin.uid + " ")
                && line.endsWith(" method=" + HELPER + "ReadLog decision=denied result=-"));
        // not in users either: the socket's mode stops it before the helper sees anything
        HelperEndToEndClients.Outcome stranger = socat(as(admin.uid, admin.gid), socket,
                call(HELPER + "ReadLog", "{\"file\":\"app.log\"}"));
        assertNotEquals(0, stranger.exitCode(), stranger.stdout());
        assertTrue(stranger.stdout().contains("Permission denied"), stranger.stdout());
    }

    @Test
    void pathEscapesAreInvalidParameters() throws Exception {
        for (String file : List.of("../../etc/shadow", "/etc/shadow")) {
            assertEquals("{\"error\":\"org.varlink.service.InvalidParameter\",\"parameters\":"
                    + "{\"parameter\":\"file\"}}", socat(caller(), socket, call(HELPER + "ReadLog",
                            "{\"file\":\"" + file + "\"}")).reply(), file);
        }
        helper.await(line -> line.startsWith("caps4j-helper uid=" + client.uid + " ")
                && line.endsWith("ReadLog decision=invalid result=- detail=\"parameter file\""));
    }

    @Test
    void approvalThroughHelperAdminThenCollectOnce() throws Exception {
        String pending = socat(caller(), socket, call(HELPER + "TruncateLog",
                "{\"file\":\"truncate.log\"}")).reply();
        assertTrue(pending.matches("\\{\"parameters\":\\{\"pending\":\"[0-9a-f]{32}\"}}"), pending);
        String id = HelperTransportFixture.JSON.readTree(pending).get("parameters").get("pending")
                .asText();
        String collect = call("org.caps4j.helper.Collect", "{\"id\":\"" + id + "\"}");
        assertEquals("{\"error\":\"org.caps4j.helper.NotYetApproved\",\"parameters\":{}}",
                socat(caller(), socket, collect).reply());

        List<String> approver = as(admin.uid, admin.gid, USERS, SUDO);
        String listed = id + " uid=" + client.uid + " method=" + HELPER + "TruncateLog parameters="
                + "{\"file\":\"truncate.log\"}";
        assertEquals(listed + "\n", HelperEndToEndClients.admin(approver, socket, "list")
                .assertSuccess().stdout());
        ChildJvm.Result notAdmin = HelperEndToEndClients.admin(caller(), socket, "approve", id);
        assertEquals(1, notAdmin.exitCode(), notAdmin.toString());
        assertEquals("org.caps4j.helper.NotAuthorized\n", notAdmin.stderr());
        assertEquals("approved " + id + "\n", HelperEndToEndClients.admin(approver, socket,
                "approve", id).assertSuccess().stdout());
        assertEquals(listed + " decided\n", HelperEndToEndClients.admin(approver, socket, "list")
                .assertSuccess().stdout(), "listed as decided until collected");
        assertEquals("org.caps4j.helper.UnknownRequest\n", HelperEndToEndClients.admin(approver,
                socket, "deny", id).stderr(), "decided once");
        assertEquals("old lines\n", Files.readString(logs.resolve("truncate.log")),
                "approving does not run it: collecting does");

        assertEquals("{\"parameters\":{}}", socat(caller(), socket, collect).reply());
        assertEquals(0, Files.size(logs.resolve("truncate.log")), "cap_dac_override truncated it");
        assertEquals("{\"error\":\"org.caps4j.helper.UnknownRequest\",\"parameters\":{}}",
                socat(caller(), socket, collect).reply(), "an id runs once");
    }

    @Test
    void h2AHighRiskOperationJudgesTheCallerAsItIsWhenItCalls() throws Exception {
        // connected as root (allowed at connect time), then became the client before calling
        String readLog = HELPER + "ReadLog";
        JsonNode dropped = fixture.python(List.of(), "connect-then-drop", socket.toString(),
                Integer.toString(client.uid), Integer.toString(client.gid), readLog,
                "{\"file\": \"app.log\"}");
        assertEquals(client.uid, dropped.get("uid").asInt(), dropped.toString());
        assertEquals("{\"error\":\"org.caps4j.helper.NotAuthorized\",\"parameters\":{}}",
                dropped.get("reply").toString());
        helper.await(line -> line.startsWith("caps4j-helper uid=0 gid=0 ")
                && line.contains(" method=" + readLog + " decision=denied result=- detail="
                        + "\"re-check: now uid=" + client.uid + " gid=" + client.gid + " "));
        // the same, dropping to the group adm instead: the re-check passes
        JsonNode intoAdm = fixture.python(List.of(), "connect-then-drop", socket.toString(),
                Integer.toString(client.uid), Integer.toString(ADM), readLog,
                "{\"file\": \"app.log\"}");
        assertEquals("{\"parameters\":{\"text\":\"the-log\\n\"}}", intoAdm.get("reply").toString());
    }

    private static List<String> concat(List<String> prefix, String... command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(command));
        return all;
    }
}
