/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both shims Maven built (x86-64, and aarch64 cross-compiled) are hardened as the build
 * promises: only caps4j_* exported, full RELRO with immediate binding, non-executable stack,
 * stack protector, no RPATH; and the one this JVM loads speaks the ABI version Java expects.
 */
class ShimHardeningTest {
    static List<Path> shims() {
        return List.of(Path.of("target", "native", "libcaps4j.so"),
                Path.of("target", "native", "linux-aarch64", "libcaps4j.so"));
    }

    private static List<String> readelf(Path shim, String... options) {
        Privileged.requireTool("readelf");
        Privileged.require(Files.isRegularFile(shim), "the build produces " + shim + " (the "
                + "aarch64 one needs gcc-aarch64-linux-gnu, installed by .ci/run)");
        List<String> command = new java.util.ArrayList<>(List.of("readelf", "-W"));
        command.addAll(List.of(options));
        command.add(shim.toString());
        return ChildJvm.exec(command).assertSuccess().stdout().lines().toList();
    }

    @ParameterizedTest
    @MethodSource("shims")
    void exportsOnlyTheCaps4jAbi(Path shim) {
        Set<String> exported = new TreeSet<>();
        for (String line : readelf(shim, "--dyn-syms")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[3].equals("FUNC") && !f[6].equals("UND")
                    && (f[4].equals("GLOBAL") || f[4].equals("WEAK"))) {
                exported.add(f[7].replaceAll("@.*", ""));
            }
        }
        assertFalse(exported.isEmpty(), "no exported functions found");
        exported.forEach(name -> assertTrue(name.startsWith("caps4j_"), "exports " + name));
        assertTrue(exported.contains("caps4j_abi_version"), exported.toString());
    }

    @Test
    void eachShimIsBuiltForItsArchitecture() {
        List<Path> shims = shims();
        assertTrue(readelf(shims.get(0), "-h").stream().anyMatch(l -> l.contains("Machine:")
                && l.contains("X86-64")));
        assertTrue(readelf(shims.get(1), "-h").stream().anyMatch(l -> l.contains("Machine:")
                && l.contains("AArch64")));
    }

    @ParameterizedTest
    @MethodSource("shims")
    void isLinkedWithFullRelroAndNoRpath(Path shim) {
        List<String> dynamic = readelf(shim, "-d");
        assertTrue(dynamic.stream().anyMatch(l -> l.contains("BIND_NOW") || l.contains("Flags: NOW")),
                "immediate binding (-z now)");
        assertFalse(dynamic.stream().anyMatch(l -> l.contains("RPATH") || l.contains("RUNPATH")),
                "no RPATH/RUNPATH");
        List<String> segments = readelf(shim, "-l");
        assertTrue(segments.stream().anyMatch(l -> l.contains("GNU_RELRO")), "RELRO segment");
        String stack = segments.stream().filter(l -> l.contains("GNU_STACK")).findFirst().orElseThrow();
        assertFalse(stack.contains("RWE"), "stack must not be executable: " + stack);
        assertTrue(readelf(shim, "--dyn-syms").stream().anyMatch(l -> l.contains("__stack_chk_fail")),
                "built with -fstack-protector-strong");
    }

    @Test
    void speaksTheAbiVersionJavaExpects() {
        assertEquals(ShimAbi.EXPECTED_VERSION, Natives.shim().abiVersion());
    }
}
