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
import java.util.ArrayList;
import java.util.List;
import org.caps4j.Caps4j;
import org.caps4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/** Tier 2: how the shim is found, and what a user sees when it cannot be used. */
class NativeLoaderTest {
    @Test
    void loadsFromTheClassPathInThisJvm() {
        assertTrue(Caps4j.isAvailable(), () -> "unavailable: " + Caps4j.unavailabilityCause());
        assertTrue(Caps4j.unavailabilityCause().isEmpty());
    }

    /**
     * FFM refuses to link without native access, and the cause names the flag. JNI (the JNA
     * backend, JDK 17-21) is not restricted before JDK 24: there the shim loads without it.
     */
    @Test
    void withoutNativeAccessFfmNamesTheFlagAndJnaNeedsNone() {
        String out = ChildJvm.exec(ChildJvm.javaCommand(List.of(),
                AvailabilityProbe.class.getName())).assertSuccess().stdout();
        if (Natives.backend().orElseThrow() == Backend.FFM) {
            assertTrue(out.contains("available=false"), out);
            assertTrue(out.contains("--enable-native-access=ALL-UNNAMED"), out);
            assertTrue(out.contains("read=CapabilityException: load libcaps4j failed"), out);
        } else {
            assertTrue(out.contains("available=true") && out.contains("read=ok"), out);
        }
    }

    /**
     * JNA is an optional dependency: on JDK 17-21 without it caps4j is unavailable and says
     * exactly which artifact to add; on JDK 22+ (FFM) it is not needed at all.
     */
    @Test
    void withoutJnaTheCauseNamesItsCoordinatesAndFfmNeedsNone() {
        String out = ChildJvm.exec(ChildJvm.javaCommandWithoutJna(
                List.of("--enable-native-access=ALL-UNNAMED"), AvailabilityProbe.class.getName()))
                .assertSuccess().stdout();
        if (Natives.backend().orElseThrow() == Backend.JNA) {
            assertTrue(out.contains("available=false"), out);
            assertTrue(out.contains("net.java.dev.jna:jna:5.19.1"), out);
            assertTrue(out.contains("read=CapabilityException: load libcaps4j failed"), out);
        } else {
            assertTrue(out.contains("available=true") && out.contains("read=ok"), out);
        }
    }

    /**
     * A privileged JVM on JNA loads JNA's own native library only from a root-owned
     * jna.boot.library.path, never a copy JNA extracts to a directory of this user; on FFM no
     * such library is loaded at all.
     */
    @Test
    void aPrivilegedJnaJvmRefusesAnExtractedJnaLibrary() {
        org.caps4j.testing.Privileged.requireRoot();
        List<String> command = new ArrayList<>(ChildJvm.javaCommand(
                List.of("--enable-native-access=ALL-UNNAMED"), AvailabilityProbe.class.getName()));
        command.removeIf(option -> option.startsWith("-Djna.boot.library.path="));
        String out = ChildJvm.exec(command).assertSuccess().stdout();
        if (Natives.backend().orElseThrow() == Backend.JNA) {
            assertTrue(out.contains("available=false"), out);
            assertTrue(out.contains("refusing to let JNA load libjnidispatch.so")
                    && out.contains("-Djna.boot.library.path="), out);
        } else {
            assertTrue(out.contains("available=true") && out.contains("read=ok"), out);
        }
    }

    @Test
    void explicitOverrideIsUsedAndNeverSilentlyReplaced() throws Exception {
        Path shim = Path.of("target", "native", "libcaps4j.so").toAbsolutePath();
        String ok = ChildJvm.exec(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-Dcaps4j.library.path=" + shim), AvailabilityProbe.class.getName()))
                .assertSuccess().stdout();
        assertTrue(ok.contains("available=true") && ok.contains("read=ok"), ok);

        Path missing = Path.of("target", "no-such-directory", "libcaps4j.so").toAbsolutePath();
        String bad = ChildJvm.exec(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-Dcaps4j.library.path=" + missing), AvailabilityProbe.class.getName()))
                .assertSuccess().stdout();
        assertTrue(bad.contains("available=false"), bad);
        assertTrue(bad.contains(missing.toString()) && bad.contains("caps4j.library.path"), bad);
    }

    /** Issue 9 item 1: the jar's copy is never a file; see ShimSwapRaceTest for the attack. */
    @Test
    void bundledShimIsLoadedFromASealedMemfdAndNoFileIsWritten() throws Exception {
        Path tmp = LoaderFixture.freshDirectory("loader-tmpdir");
        String out = ChildJvm.exec(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp, "-XX:-UsePerfData"), ShimMapsMain.class.getName()))
                .assertSuccess().stdout();
        assertTrue(out.contains("read=="), out);
        List<String> maps = out.lines().filter(line -> line.startsWith("map=")).toList();
        assertFalse(maps.isEmpty(), out);
        assertTrue(maps.stream().allMatch(line -> line.endsWith(" /memfd:libcaps4j.so (deleted)")), out);
        // The fd stays open for the life of the process (see MemfdLibrary) and is sealed.
        List<String> memfds = out.lines().filter(line -> line.startsWith("memfd-write=")).toList();
        assertEquals(1, memfds.size(), out);
        assertTrue(memfds.get(0).matches("memfd-write=\\d+ write refused \\(.*\\) truncate refused \\(.*\\)"),
                out);
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "nothing is written to java.io.tmpdir");
        }
        Files.delete(tmp);
    }

    /**
     * Two copies of caps4j in one JVM each load their own shim: the first copy's memfd stays
     * open, so the second gets another fd number, and dlopen cannot mistake it for the first.
     */
    @Test
    void twoCopiesInOneJvmEachLoadTheirOwnShim() {
        String out = ChildJvm.exec(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED"),
                TwoCopiesMain.class.getName())).assertSuccess().stdout();
        assertTrue(out.contains("copy1==") && out.contains("copy2=="), out);
        assertTrue(out.contains("memfd-inodes=2"), out);
    }

    /** No temporary-file fallback: where memfd_create is forbidden, the error says so. */
    @Test
    void whereMemfdCreateIsForbiddenTheErrorNamesTheErrnoAndTheOverride() throws Exception {
        Path work = LoaderFixture.freshDirectory("deny-memfd");
        try {
            Path tmp = Files.createDirectory(work.resolve("tmpdir"));
            List<String> command = new ArrayList<>(List.of(
                    LoaderFixture.compile("deny_memfd", work, false).toString()));
            command.addAll(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                    "-Djava.io.tmpdir=" + tmp, "-XX:-UsePerfData"), ShimMapsMain.class.getName()));
            String out = ChildJvm.exec(command).assertSuccess().stdout();
            assertTrue(out.contains("memfd_create failed: Operation not permitted (EPERM)"), out);
            assertTrue(out.contains("never from a temporary file")
                    && out.contains("-Dcaps4j.library.path=FILE"), out);
            assertTrue(out.lines().noneMatch(line -> line.startsWith("map=")), out);
            try (var left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "no fallback file in java.io.tmpdir");
            }
        } finally {
            LoaderFixture.deleteTree(work);
        }
    }

    @Test
    void resourceNameFollowsTheArchitecture() {
        String arch = System.getProperty("os.arch");
        String expected = arch.equals("amd64") ? "linux-x86_64" : "linux-" + arch;
        assertEquals("META-INF/native/" + expected + "/libcaps4j.so", NativeLibraryLoader.resourceName());
        assertFalse(NativeLibraryLoader.resourceName().contains("amd64"));
    }

    /** Both names the JDKs use for 64-bit ARM pick the aarch64 shim; both x86-64 names too. */
    @Test
    void bothArchitectureNamesMapToTheShippedShims() {
        for (String arm : new String[] {"aarch64", "arm64", "AArch64"}) {
            assertEquals("META-INF/native/linux-aarch64/libcaps4j.so",
                    NativeLibraryLoader.resourceName(arm));
        }
        for (String x86 : new String[] {"amd64", "x86_64"}) {
            assertEquals("META-INF/native/linux-x86_64/libcaps4j.so",
                    NativeLibraryLoader.resourceName(x86));
        }
        assertEquals("META-INF/native/linux-riscv64/libcaps4j.so",
                NativeLibraryLoader.resourceName("riscv64"), "other names are kept");
        for (String arch : new String[] {"x86_64", "aarch64"}) {
            assertTrue(java.nio.file.Files.isRegularFile(java.nio.file.Path.of("target",
                    "classes", "META-INF", "native", "linux-" + arch, "libcaps4j.so")),
                    "the build bundles the " + arch + " shim");
        }
    }
}
