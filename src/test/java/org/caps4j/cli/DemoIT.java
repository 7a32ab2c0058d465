/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's demo ({@code java -jar caps4j.jar}) against libcap's own tools, run under
 * the same credentials: every line capsh --print also prints must be identical, and every mask
 * must name the same capabilities as {@code capsh --decode}.
 */
class DemoIT {
    private static Path jar;

    @BeforeAll
    static void copyJarWhereNobodyCanReadIt() throws Exception {
        Path built = Path.of(System.getProperty("caps4j.test.jar", "target/caps4j.jar"));
        assertTrue(Files.isRegularFile(built), "packaged jar " + built);
        Path dir = Files.createTempDirectory("caps4j-demo-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.copy(built, dir.resolve("caps4j.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** The suite leaves nothing in /tmp. */
    @AfterAll
    static void removeTheCopy() throws Exception {
        if (jar != null) {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(jar.getParent());
        }
    }

    private static ChildJvm.Result demo(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ChildJvm.javaExecutable(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return ChildJvm.exec(command);
    }

    private static List<String> capsh(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Privileged.requireTool("capsh").toString());
        command.addAll(List.of(args));
        return ChildJvm.exec(command).assertSuccess().stdout().lines().toList();
    }

    /** The demo and capsh --print agree on every line they share, under these credentials. */
    private static void assertAgreesWithCapsh(List<String> prefix) {
        List<String> ours = demo(prefix).assertSuccess().stdout().lines().toList();
        List<String> theirs = capsh(prefix, "--print");
        for (String label : List.of("Current:", "Bounding set =", "Ambient set =",
                "Current IAB:", "Securebits:",
                " secure-noroot:", " secure-no-suid-fixup:", " secure-keep-caps:",
                " secure-no-ambient-raise:", "uid=", "gid=", "groups=")) {
            assertEquals(line(theirs, label), line(ours, label), label + " under " + prefix);
        }
        for (String line : ours) {
            if (line.matches(" [a-z]+ +0x[0-9a-f]{16}=.*")) {
                String decoded = line.trim().split("\\s+", 2)[1];
                String mask = decoded.substring(0, 18);
                assertEquals(List.of(decoded), capsh(List.of(), "--decode=" + mask), line);
            }
        }
        assertTrue(ours.stream().anyMatch(l -> l.matches("Threads: \\d+ threads, all identical.*")),
                String.join("\n", ours));
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in\n"
                        + String.join("\n", lines)));
    }

    @Test
    void asRootMatchesCapsh() {
        Privileged.requireRoot();
        assertAgreesWithCapsh(List.of());
    }

    @Test
    void asNobodyMatchesCapsh() {
        Privileged.requireRoot();
        assertAgreesWithCapsh(List.of(Privileged.requireTool("setpriv").toString(),
                "--reuid=65534", "--regid=65534", "--clear-groups"));
    }

    @Test
    void withAmbientCapabilitiesMatchesCapsh() {
        Privileged.requireRoot();
        assertAgreesWithCapsh(List.of(Privileged.requireTool("setpriv").toString(),
                "--inh-caps=+net_bind_service,+net_raw",
                "--ambient-caps=+net_bind_service,+net_raw",
                "--reuid=65534", "--regid=65534", "--clear-groups"));
    }

    @Test
    void decodeMatchesCapshForRandomMasks() {
        Random random = new Random(20261123);
        for (int i = 0; i < 20; i++) {
            long mask = random.nextLong() & (i % 2 == 0 ? 0x1ffffffffffL : -1L);
            String hex = String.format("0x%016x", mask);
            assertEquals(capsh(List.of(), "--decode=" + hex),
                    demo(List.of(), "decode", hex).assertSuccess().stdout().lines().toList(), hex);
        }
    }

    @Test
    void parsePrintsMasksAndCanonicalText() {
        List<String> out = demo(List.of(), "parse", "cap_setpcap,cap_chown+ep")
                .assertSuccess().stdout().lines().toList();
        assertEquals(List.of(
                "effective   0x0000000000000101=cap_chown,cap_setpcap",
                "permitted   0x0000000000000101=cap_chown,cap_setpcap",
                "inheritable 0x0000000000000000=",
                "canonical   cap_chown,cap_setpcap=ep"), out);
    }

    @Test
    void badArgumentsGiveUsageAndExit2() {
        for (String[] args : new String[][] {{"frobnicate"}, {"decode"}, {"decode", "0xzz"},
                {"parse", "cap_chown+E"}, {"show", "extra"}}) {
            ChildJvm.Result result = demo(List.of(), args);
            assertEquals(2, result.exitCode(), String.join(" ", args));
            assertTrue(result.stderr().contains("usage: caps4j"), result.stderr());
        }
    }
}
