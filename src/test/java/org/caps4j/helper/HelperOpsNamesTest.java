/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.caps4j.helper.HelperOpsFixture.params;
import static org.caps4j.helper.HelperOpsFixture.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/** H5: string, allow-list and integer parameters accept exactly what they declare. */
class HelperOpsNamesTest {
    private static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._]{0,31}";
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final HelperService SERVICE = HelperService.builder("com.example.Names")
            .operation(Operation.named("SetName")
                    .parameter(Parameter.string("name", PATTERN, 32))
                    .parameter(Parameter.oneOf("mode", "fast", "safe"))
                    .parameter(Parameter.integer("count", 1, 10))
                    .allowUsers(1000)
                    .body(args -> {
                        RUNS.incrementAndGet();
                        return JsonNodeFactory.instance.objectNode().put("name",
                                args.string("name")).put("count", args.integer("count"));
                    }).build())
            .auditTo(line -> { })
            .build();

    @AfterContainer
    static void close() throws InterruptedException {
        SERVICE.close();
        ThreadsBackToUniform.restore(); // a jqwik container: no JUnit extension runs here
    }

    private static Reply call(ObjectNode params) {
        return SERVICE.handle(peer(1000, 1000), "com.example.Names.SetName", params);
    }

    private static ObjectNode valid(String name) {
        return JsonNodeFactory.instance.objectNode().put("name", name).put("mode", "safe")
                .put("count", 3);
    }

    private static void assertRefused(ObjectNode params, String parameter) {
        int before = RUNS.get();
        Reply reply = call(params);
        assertEquals(HelperErrors.INVALID_PARAMETER, reply.error(), params.toString());
        assertEquals(parameter, reply.parameters().get("parameter").asText(), params.toString());
        assertEquals(1, reply.parameters().size(), "only the parameter's name");
        assertEquals(before, RUNS.get(), "the body did not run");
    }

    @net.jqwik.api.Example
    void h5HostileNamesAreRefused() {
        for (String name : new String[] {"-oX", "a;reboot", "foo=1.0", "", "a".repeat(33),
                "a\u0000b", "a\nb", "a b", "a/b", "$(id)", "a`id`", "é", ".hidden", "a\rb"}) {
            assertRefused(valid(name), "name");
        }
        Reply ok = call(valid("alice.smith_2"));
        assertNull(ok.error());
        assertEquals("alice.smith_2", ok.parameters().get("name").asText());
        assertNull(call(valid("a".repeat(32))).error(), "exactly the longest length");
    }

    @net.jqwik.api.Example
    void wrongTypesUnknownAndMissingParametersAreRefused() {
        assertRefused(valid("x").put("extra", 1), "extra");
        assertRefused(valid("x").put("mode", "Fast"), "mode");
        assertRefused(valid("x").put("count", 0), "count");
        assertRefused(valid("x").put("count", 11), "count");
        assertRefused(valid("x").put("count", 2.5), "count");
        assertRefused(valid("x").put("count", "3"), "count");
        assertRefused((ObjectNode) valid("x").set("name", JsonNodeFactory.instance.numberNode(5)),
                "name");
        assertRefused((ObjectNode) valid("x").set("name", JsonNodeFactory.instance.nullNode()),
                "name");
        ObjectNode missing = valid("x");
        missing.remove("count");
        assertRefused(missing, "count");
        assertRefused(params("{\"name\": \"x\", \"mode\": \"safe\", \"count\": 99999999999999999999}"),
                "count");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ09._-;= /\n\u0000$`é").ofMinLength(0)
                        .ofMaxLength(40),
                Arbitraries.strings().alpha().numeric().withChars('.', '_').ofMinLength(30)
                        .ofMaxLength(34),
                Arbitraries.strings().all().ofMaxLength(40));
    }

    @Property(tries = 1000)
    void h5AcceptedIffThePatternMatches(@ForAll("names") String name) {
        int before = RUNS.get();
        Reply reply = call(valid(name));
        boolean matches = Pattern.compile(PATTERN).matcher(name).matches();
        assertEquals(matches, reply.error() == null, () -> "name " + name.codePoints()
                .mapToObj(Integer::toHexString).toList() + ": " + reply.error());
        assertEquals(before + (matches ? 1 : 0), RUNS.get());
    }
}
