/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: the engine below the API ({@code org.caps4j.internal} and its subpackages) never
 * names a type of the public package {@code org.caps4j}: the API depends on the engine, never
 * the other way round, so there is no import cycle. Comments may mention public types.
 */
class NoImportCycleTest {
    private static final Path INTERNAL = Path.of("src", "main", "java", "org", "caps4j",
            "internal");
    /** {@code org.caps4j.Caps} or {@code org.caps4j.*}, but not {@code org.caps4j.internal}. */
    private static final Pattern PUBLIC_TYPE = Pattern.compile("org\\.caps4j\\.(?:[A-Z]|\\*)");

    @Test
    void theInternalPackagesNameNoPublicType() throws IOException {
        List<String> offenders = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(INTERNAL)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String code = withoutComments(Files.readString(source));
            Matcher matcher = PUBLIC_TYPE.matcher(code);
            while (matcher.find()) {
                int line = code.substring(0, matcher.start()).split("\n", -1).length;
                offenders.add(source + ":" + line);
            }
        }
        assertTrue(sources.size() > 30, "found the sources: " + sources.size());
        assertEquals(List.of(), offenders, "internal code names a public org.caps4j type");
    }

    /** The rule must catch what it is for. */
    @Test
    void theCheckSeesAnImportAndIgnoresComments() {
        assertTrue(PUBLIC_TYPE.matcher(withoutComments("import org.caps4j.Caps;")).find());
        assertTrue(PUBLIC_TYPE.matcher(withoutComments("x = new org.caps4j.Iab();")).find());
        assertTrue(!PUBLIC_TYPE.matcher(withoutComments(
                "/** {@code org.caps4j.Caps} */ // org.caps4j.Mode\nimport org.caps4j.internal.X;"))
                .find());
    }

    /** Block and line comments removed; string literals are kept as code. */
    static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", "");
    }
}
