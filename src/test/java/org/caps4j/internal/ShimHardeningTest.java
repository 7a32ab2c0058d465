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

/**
 * The shim Maven built is hardened as the build promises: only caps4j_* exported, full RELRO
 * with immediate binding, non-executable stack, stack protector, no RPATH, and the ABI version
 * Java expects.
 */
class ShimHardeningTest {
    private static final Path SHIM = Path.of("target", "native", "libcaps4j.so");

    private static List<String> readelf(String... options) {
        Privileged.requireTool("readelf");
        List<String> command = new java.util.ArrayList<>(List.of("readelf", "-W"));
        command.addAll(List.of(options));
        command.add(SHIM.toString());
        return ChildJvm.exec(command).assertSuccess().stdout().lines().toList();
    }

    @Test
    void exportsOnlyTheCaps4jAbi() {
        assertTrue(Files.isRegularFile(SHIM), "the build produces " + SHIM);
        Set<String> exported = new TreeSet<>();
        for (String line : readelf("--dyn-syms")) {
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
    void isLinkedWithFullRelroAndNoRpath() {
        List<String> dynamic = readelf("-d");
        assertTrue(dynamic.stream().anyMatch(l -> l.contains("BIND_NOW") || l.contains("Flags: NOW")),
                "immediate binding (-z now)");
        assertFalse(dynamic.stream().anyMatch(l -> l.contains("RPATH") || l.contains("RUNPATH")),
                "no RPATH/RUNPATH");
        List<String> segments = readelf("-l");
        assertTrue(segments.stream().anyMatch(l -> l.contains("GNU_RELRO")), "RELRO segment");
        String stack = segments.stream().filter(l -> l.contains("GNU_STACK")).findFirst().orElseThrow();
        assertFalse(stack.contains("RWE"), "stack must not be executable: " + stack);
        assertTrue(readelf("--dyn-syms").stream().anyMatch(l -> l.contains("__stack_chk_fail")),
                "built with -fstack-protector-strong");
    }

    @Test
    void speaksTheAbiVersionJavaExpects() {
        assertEquals(ShimAbi.EXPECTED_VERSION, Natives.shim().abiVersion());
    }
}
