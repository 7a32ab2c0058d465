package org.caps4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The programs in examples/ run against the packaged jar exactly as their header comments say,
 * and print what those comments promise; README snippets are the examples' marked regions.
 */
class ExamplesIT {
    private static final Path EXAMPLES = Path.of("examples");

    private static List<String> runExample(String name) {
        String jar = System.getProperty("caps4j.test.jar", "target/caps4j.jar");
        return ChildJvm.exec(List.of(ChildJvm.javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                "-cp", jar, EXAMPLES.resolve(name + ".java").toString()))
                .assertSuccess().stdout().lines().toList();
    }

    @Test
    void bindThenDropServesOnPort80AsNobodyOnEveryThread() {
        Privileged.requireRoot();
        List<String> out = runExample("BindThenDrop");
        assertEquals(5, out.size(), String.join("\n", out));
        assertTrue(out.get(0).matches("before: uid 0, \\d+ threads, all identical, CapEff [0-9a-f]{16}")
                && !out.get(0).endsWith("0000000000000000"), out.get(0));
        assertEquals("bound 127.0.0.1:80", out.get(1));
        assertTrue(out.get(2).matches("after: uid 65534, \\d+ threads, all identical, CapEff 0{16}"),
                out.get(2));
        assertEquals("served: HTTP/1.0 200 OK (uid 65534)", out.get(3));
        assertEquals("pool worker binding 127.0.0.1:81: Permission denied", out.get(4));
    }

    @Test
    void readmeSnippetsAreCutFromTheExamples() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int checked = 0;
        try (var files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).trim().startsWith("// snippet:")) {
                        StringBuilder snippet = new StringBuilder();
                        int indent = lines.get(i).indexOf("//");
                        for (int j = i + 1; !lines.get(j).trim().equals("// end-snippet"); j++) {
                            snippet.append(lines.get(j).substring(Math.min(indent,
                                    lines.get(j).length()))).append('\n');
                        }
                        assertTrue(readme.contains(snippet), "README lacks the snippet "
                                + lines.get(i).trim() + " of " + file + ":\n" + snippet);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 0, "no snippet markers found in " + EXAMPLES);
    }
}
