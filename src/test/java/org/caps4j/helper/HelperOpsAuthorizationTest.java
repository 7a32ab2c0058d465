/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperOpsFixture.params;
import static org.caps4j.helper.HelperOpsFixture.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.caps4j.helper.HelperOpsFixture.Audit;
import org.caps4j.helper.HelperOpsFixture.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** H1 and H2: who may call, decided before the parameters; the high-risk re-check. */
@ExtendWith(ThreadsBackToUniform.class)
class HelperOpsAuthorizationTest {
    private final AtomicInteger runs = new AtomicInteger();
    private final Audit audit = new Audit();
    private final HelperService service = HelperService.builder("com.example.Panel")
            .operation(Operation.named("Touch")
                    .parameter(Parameter.path("file", Path.of("/nonexistent-root")))
                    .allowUsers(1000).allowGroups(2000)
                    .body(args -> count()).build())
            .operation(Operation.named("Reboot").allowUsers(1000).highRisk()
                    .body(args -> count()).build())
            .auditTo(audit.lines::add)
            .build();

    private com.fasterxml.jackson.databind.node.ObjectNode count() {
        runs.incrementAndGet();
        return JsonNodeFactory.instance.objectNode();
    }

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void h1OutsidePeerIsRefusedBeforeItsParametersAreLookedAtAndTheBodyNeverRuns() {
        TestPeer stranger = peer(1001, 1001, 3000);
        for (String json : new String[] {"{\"file\": \"../../etc/shadow\"}", "{\"bogus\": 1}",
                "{}", "{\"file\": \"x\"}"}) {
            Reply reply = service.handle(stranger, "com.example.Panel.Touch", params(json));
            // InvalidParameter here would mean the parameters were looked at first
            assertEquals(HelperErrors.NOT_AUTHORIZED, reply.error(), json);
            assertEquals(0, reply.parameters().size(), "no detail to the client");
        }
        assertEquals(0, runs.get(), "the body never ran");
        assertEquals(0, stranger.nowCalls.get());
        assertEquals("caps4j-helper uid=1001 gid=1001 pid=4242 method=com.example.Panel.Touch "
                + "decision=denied result=-", audit.last());
    }

    @Test
    void h1AllowedUserOrGroupMemberPassesAuthorization() {
        // past authorization: the path is then refused as invalid (its root does not exist)
        for (TestPeer allowed : List.of(peer(1000, 1000), peer(1005, 2000), peer(1006, 100, 7, 2000))) {
            Reply reply = service.handle(allowed, "com.example.Panel.Touch",
                    params("{\"file\": \"x\"}"));
            assertEquals(HelperErrors.INVALID_PARAMETER, reply.error(), allowed.atConnect.toString());
            assertEquals("file", reply.parameters().get("parameter").asText());
        }
        assertTrue(audit.last().endsWith("decision=invalid result=- detail=\"parameter file\""),
                audit.last());
    }

    @Test
    void unknownMethodsAreNotFoundAndAudited() {
        for (String method : new String[] {"com.example.Panel.Nope", "com.example.Panel.touch",
                "com.other.Touch", "com.example.Panel", "com.example.Panel.Touch.X",
                "org.caps4j.helper.Run"}) {
            Reply reply = service.handle(peer(1000, 1000), method, params());
            assertEquals(HelperErrors.METHOD_NOT_FOUND, reply.error(), method);
        }
        assertEquals(0, runs.get());
        assertTrue(audit.last().contains("decision=invalid"), audit.last());
    }

    @Test
    void auditEscapesWhatTheClientChose() {
        service.handle(peer(1000, 1000), "com.example.Panel.X\ndecision=allowed result=ok",
                params());
        assertEquals(1, audit.lines.size());
        assertTrue(audit.last().contains("method=com.example.Panel.X\\x0adecision\\x3dallowed"
                + "\\x20result\\x3dok decision=invalid"), audit.last());
    }

    @Test
    void h2HighRiskOperationRefusesWhenThePeerNoLongerPasses() {
        PeerCredentials root = new PeerCredentials(1000, 1000, 77, new int[0]);
        TestPeer changed = new TestPeer(root, new PeerCredentials(1001, 1001, 77, new int[0]));
        assertEquals(HelperErrors.NOT_AUTHORIZED,
                service.handle(changed, "com.example.Panel.Reboot", params()).error());
        assertEquals(1, changed.nowCalls.get(), "now() was asked");
        assertTrue(audit.last().contains("decision=denied result=- detail=\"re-check: now uid=1001"),
                audit.last());

        TestPeer gone = new TestPeer(root, null); // now() throws: the process exited
        assertEquals(HelperErrors.NOT_AUTHORIZED,
                service.handle(gone, "com.example.Panel.Reboot", params()).error());
        assertEquals(0, runs.get(), "the body never ran");

        TestPeer same = new TestPeer(root, root);
        Reply ok = service.handle(same, "com.example.Panel.Reboot", params());
        assertNull(ok.error());
        assertEquals(1, runs.get());
        assertEquals(1, same.nowCalls.get());
    }

    @Test
    void aPeerWhoseCredentialsCannotBeReadGetsTheGenericError() {
        Peer broken = new Peer() {
            @Override
            public PeerCredentials atConnect() {
                throw new IllegalStateException("/proc/77 is gone");
            }

            @Override
            public PeerCredentials now() {
                throw new IllegalStateException("/proc/77 is gone");
            }
        };
        Reply reply = service.handle(broken, "com.example.Panel.Reboot", params());
        assertEquals(HelperErrors.OPERATION_FAILED, reply.error());
        assertEquals(0, reply.parameters().size());
        assertEquals(0, runs.get());
    }

    @Test
    void ordinaryOperationDoesNotNeedNow() {
        TestPeer gone = new TestPeer(new PeerCredentials(1000, 1000, 77, new int[0]), null);
        service.handle(gone, "com.example.Panel.Touch", params("{\"file\": \"x\"}"));
        assertEquals(0, gone.nowCalls.get());
    }

    @Test
    void defaultAuditGoesToTheSystemLoggerAtInfo() {
        Logger logger = Logger.getLogger("org.caps4j.helper.audit");
        List<String> seen = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(handler);
        try (HelperService plain = HelperService.builder("com.example.Plain").build()) {
            plain.handle(peer(5, 6), "com.example.Plain.X", params());
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
        assertEquals(List.of("INFO caps4j-helper uid=5 gid=6 pid=4242 method=com.example.Plain.X "
                + "decision=invalid result=- detail=\"no such method\""), seen);
    }
}
