/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperOpsFixture.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.caps4j.helper.HelperOpsFixture.Audit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * External programs as bodies: a parameter is one whole argument and cannot pose as an option;
 * failure, a hang and a flood of output all end as the generic error. (That the program gets
 * exactly the operation's capabilities as ambient is H8, in a child JVM.)
 */
@ExtendWith(ThreadsBackToUniform.class)
class HelperOpsProgramTest {
    private final Audit audit = new Audit();
    private final HelperService service = HelperService.builder("com.example.Programs")
            .operation(Operation.named("Echo")
                    .parameter(Parameter.string("word", "[A-Za-z0-9 -]{1,20}", 20))
                    .allowUsers(1000)
                    .program(Program.of(Path.of("/usr/bin/echo"), "said:", "{word}")).build())
            .operation(Operation.named("Fail").allowUsers(1000)
                    .program(Program.of(Path.of("/usr/bin/false"))).build())
            .operation(Operation.named("Hang").allowUsers(1000)
                    .program(Program.of(Path.of("/usr/bin/sleep"), "30")
                            .timeout(Duration.ofMillis(300))).build())
            .operation(Operation.named("Flood").allowUsers(1000)
                    .program(Program.of(Path.of("/usr/bin/yes"))
                            .timeout(Duration.ofSeconds(5))).build())
            .auditTo(audit.lines::add)
            .build();

    @AfterEach
    void close() {
        service.close();
    }

    private Reply call(String op, ObjectNode params) {
        return service.handle(peer(1000, 1000), "com.example.Programs." + op, params);
    }

    @Test
    void aParameterIsOneWholeArgument() {
        Reply reply = call("Echo", JsonNodeFactory.instance.objectNode().put("word", "a b  c"));
        assertNull(reply.error());
        assertEquals("said: a b  c\n", reply.parameters().get("output").asText());
    }

    @Test
    void aParameterCannotPoseAsAnOption() {
        Reply reply = call("Echo", JsonNodeFactory.instance.objectNode().put("word", "-n x"));
        assertEquals(HelperErrors.INVALID_PARAMETER, reply.error());
        assertEquals("word", reply.parameters().get("parameter").asText());
    }

    @Test
    void failureHangAndFloodAreGenericErrors() {
        long start = System.nanoTime();
        for (String op : new String[] {"Fail", "Hang", "Flood"}) {
            Reply reply = call(op, JsonNodeFactory.instance.objectNode());
            assertEquals(HelperErrors.OPERATION_FAILED, reply.error(), op);
            assertEquals(0, reply.parameters().size());
        }
        assertEquals(true, System.nanoTime() - start < Duration.ofSeconds(20).toNanos(),
                "the hang was cut short");
        assertEquals(true, audit.lines.get(0).contains("/usr/bin/false exited 1"), audit.lines.get(0));
    }

    @Test
    void aProgramMayOnlyReferToDeclaredParameters() {
        assertThrows(IllegalStateException.class, () -> Operation.named("Bad").allowUsers(1)
                .program(Program.of(Path.of("/usr/bin/echo"), "{nope}")).build());
        assertThrows(IllegalArgumentException.class, () -> Program.of(Path.of("echo")));
    }
}
