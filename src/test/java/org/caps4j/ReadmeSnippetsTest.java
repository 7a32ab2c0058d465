/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md compiles against the library as pasted: each block
 * becomes the body of a method (with the few variables the prose around it names), in a class
 * that imports {@code org.caps4j.*} and the JDK packages the README uses.
 */
class ReadmeSnippetsTest {
    /** The variables README blocks take from their context (an example's arguments, a probe). */
    private static final String CONTEXT = """
            String[] args = {};
            boolean withoutCaps = false;
            List<String> command = List.of("true");
            record Probe(String capability) {}
            Probe probe = new Probe("cap_syslog");
            Path path = Path.of("/nonexistent");
            Peer peer = null; // a helper client, as the transport identifies it
            """;

    @Test
    void everyJavaBlockCompiles(@TempDir Path out) throws IOException {
        List<String> blocks = javaBlocks(Files.readAllLines(Path.of("README.md")));
        assertTrue(blocks.size() >= 6, "found " + blocks.size() + " java blocks");
        StringBuilder source = new StringBuilder("""
                import java.io.*;
                import java.net.*;
                import java.nio.file.*;
                import java.util.*;
                import org.caps4j.*;
                import org.caps4j.helper.*;
                import com.fasterxml.jackson.databind.node.*;
                class ReadmeSnippets {
                """);
        for (int i = 0; i < blocks.size(); i++) {
            source.append("void block").append(i).append("() throws Exception {\n")
                    .append(CONTEXT).append(blocks.get(i)).append("\n}\n");
        }
        source.append("}\n");
        Path file = out.resolve("ReadmeSnippets.java");
        Files.writeString(file, source);
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        ChildJvm.Result result = ChildJvm.exec(List.of(javac.toString(), "-d",
                out.resolve("classes").toString(), "-classpath",
                System.getProperty("java.class.path"), "-proc:none", file.toString()));
        assertTrue(result.exitCode() == 0, "README java blocks do not compile:\n"
                + result.stderr() + result.stdout() + "\n" + source);
    }

    private static List<String> javaBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : lines) {
            if (block == null && line.trim().equals("```java")) {
                block = new StringBuilder();
            } else if (block != null && line.trim().equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }
}
