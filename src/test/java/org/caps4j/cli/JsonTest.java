/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * {@link Json}: exact escapes from RFC 8259, a round-trip property through a strict decoder
 * written here, and Python's json module as an independent oracle.
 */
class JsonTest {
    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"\"", Json.quote(""));
        assertEquals("\"a\\\"b\\\\c/d\"", Json.quote("a\"b\\c/d"));
        assertEquals("\"\\b\\f\\n\\r\\t\"", Json.quote("\b\f\n\r\t"));
        assertEquals("\"\\u0000\\u0001\\u001f \\u000b\u007f\"",
                Json.quote("\u0000\u0001\u001f \u000b\u007f"));
        assertEquals("\"é€😀\u2028\"", Json.quote("é€😀\u2028"));
        // Unpaired surrogates are escaped, so the text stays valid UTF-8; pairs are kept.
        assertEquals("\"\\ud800x\\udc00\\ud83d\"", Json.quote("\ud800x\udc00\ud83d"));
        assertEquals("\"\\ud800\ud800\udc00\"", Json.quote("\ud800\ud800\udc00"));
    }

    @Test
    void writesValuesInOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", 1);
        map.put("a", List.of(true, false, -9223372036854775808L));
        map.put("n", null);
        map.put("s\n", Map.of());
        map.put("e", List.of());
        assertEquals("{\"z\":1,\"a\":[true,false,-9223372036854775808],\"n\":null,"
                + "\"s\\n\":{},\"e\":[]}", Json.write(map));
    }

    @Test
    void refusesWhatItCannotWriteExactly() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(1.5));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }

    @Property(tries = 2000)
    void quotedStringsDecodeToTheOriginal(@ForAll String s) {
        String quoted = Json.quote(s);
        assertTrue(quoted.chars().noneMatch(c -> c < 0x20), quoted);
        assertEquals(s, decode(quoted));
    }

    /** Strings with every control character, quotes, backslashes, surrogates, read by Python. */
    @Test
    void pythonReadsBackWhatWeWrite() throws Exception {
        Path python = Privileged.requireTool("python3");
        List<String> strings = new ArrayList<>();
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        strings.addAll(List.of("", controls.toString(), "\"\\/\u007f", "😀\ud800\udfff\ud800",
                "\udc00", "\u2028\u2029\ufeff"));
        Random random = new Random(20261201);
        String alphabet = "\"\\\u0000\n\t\u001f\u007fa/é\ud83d\ude00\ud800\udc00\uffff";
        for (int i = 0; i < 500; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            strings.add(s.toString());
        }
        Path file = Files.createTempFile("caps4j-json-", ".json");
        try {
            Files.writeString(file, Json.write(strings), StandardCharsets.UTF_8);
            // Python prints each string's code points; a lone surrogate is its own code point,
            // exactly as String.codePoints() counts it.
            List<String> theirs = ChildJvm.exec(List.of(python.toString(), "-c",
                    "import json,sys\n"
                    + "for s in json.load(open(sys.argv[1], encoding='utf-8', "
                    + "errors='strict')):\n"
                    + "    print(' '.join(str(ord(c)) for c in s))", file.toString()))
                    .assertSuccess().stdout().lines().toList();
            List<String> ours = strings.stream().map(s -> s.codePoints().mapToObj(
                    Integer::toString).collect(Collectors.joining(" "))).toList();
            assertEquals(ours, theirs);
        } finally {
            Files.delete(file);
        }
    }

    /** A strict decoder of one JSON string literal, independent of {@link Json}. */
    private static String decode(String literal) {
        assertTrue(literal.length() >= 2 && literal.startsWith("\"") && literal.endsWith("\""),
                literal);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c == '"') {
                throw new AssertionError("unescaped quote at " + i + " in " + literal);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new AssertionError("bad escape \\" + e + " in "
                        + Arrays.toString(literal.toCharArray()));
            }
        }
        return out.toString();
    }
}
