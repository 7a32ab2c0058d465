/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperOpsFixture.params;
import static org.caps4j.helper.HelperOpsFixture.peer;
import static org.caps4j.helper.HelperOpsFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import org.caps4j.helper.HelperOpsFixture.Audit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** H7: a failing body gives the client the generic error name and nothing else. */
@ExtendWith(ThreadsBackToUniform.class)
class HelperOpsErrorsTest {
    private static final String SECRET = "/srv/secret/customer-42.db";
    private final Audit audit = new Audit();
    private final HelperService service = HelperService.builder("com.example.Fail")
            .operation(Operation.named("Io").allowUsers(1000).body(args -> {
                throw new IOException(SECRET + ": disk quota of bob exceeded");
            }).build())
            .operation(Operation.named("Denied").allowUsers(1000).body(args -> {
                throw new AccessDeniedException(SECRET);
            }).build())
            .operation(Operation.named("Bug").allowUsers(1000).body(args -> {
                throw new IllegalStateException("bug at " + SECRET, new IOException(SECRET));
            }).build())
            .operation(Operation.named("Assert").allowUsers(1000).body(args -> {
                throw new AssertionError(SECRET);
            }).build())
            .operation(Operation.named("Misdeclared").allowUsers(1000)
                    .body(args -> params().put("x", args.string("undeclared"))).build())
            .auditTo(audit.lines::add)
            .build();

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void h7FailingBodiesGiveOnlyTheGenericErrorName() {
        for (String op : new String[] {"Io", "Denied", "Bug", "Assert", "Misdeclared"}) {
            Reply reply = service.handle(peer(1000, 1000), "com.example.Fail." + op, params());
            assertEquals(HelperErrors.OPERATION_FAILED, reply.error(), op);
            assertEquals(0, reply.parameters().size(), op);
            String wire = text(reply);
            assertFalse(wire.contains("secret") || wire.contains("bob") || wire.contains("Exception")
                    || wire.contains("at org."), wire);
            assertTrue(audit.last().contains("decision=allowed result=failed detail=\""),
                    audit.last());
        }
        assertTrue(audit.lines.get(0).contains("java.io.IOException: " + SECRET
                + ": disk quota of bob exceeded"), "the detail is in the audit log: "
                + audit.lines.get(0));
    }

    @Test
    void theWorkerSurvivesFailures() {
        for (int i = 0; i < 20; i++) {
            service.handle(peer(1000, 1000), "com.example.Fail.Assert", params());
        }
        assertEquals(20, audit.lines.size());
    }
}
