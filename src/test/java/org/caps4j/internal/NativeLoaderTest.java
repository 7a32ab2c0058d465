package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void withoutNativeAccessTheCauseNamesTheFlagAndReadsThrow() {
        String out = ChildJvm.exec(ChildJvm.javaCommand(List.of(),
                AvailabilityProbe.class.getName())).assertSuccess().stdout();
        assertTrue(out.contains("available=false"), out);
        assertTrue(out.contains("--enable-native-access=ALL-UNNAMED"), out);
        assertTrue(out.contains("read=CapabilityException: load libcaps4j failed"), out);
    }

    @Test
    void explicitOverrideIsUsedAndNeverSilentlyReplaced() throws Exception {
        Path shim = Path.of("target", "native", "libcaps4j.so").toAbsolutePath();
        String ok = ChildJvm.exec(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-Dcaps4j.library.path=" + shim), AvailabilityProbe.class.getName()))
                .assertSuccess().stdout();
        assertTrue(ok.contains("available=true") && ok.contains("read=ok"), ok);

        Path missing = Files.createTempDirectory("caps4j-none").resolve("libcaps4j.so");
        String bad = ChildJvm.exec(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-Dcaps4j.library.path=" + missing), AvailabilityProbe.class.getName()))
                .assertSuccess().stdout();
        assertTrue(bad.contains("available=false"), bad);
        assertTrue(bad.contains(missing.toString()) && bad.contains("caps4j.library.path"), bad);
    }

    @Test
    void extractedCopyIsDeletedAfterLoading() throws Exception {
        Path tmp = Files.createTempDirectory("caps4j-tmpdir");
        String out = ChildJvm.exec(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp), AvailabilityProbe.class.getName())).assertSuccess().stdout();
        assertTrue(out.contains("read=ok"), out);
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "the extracted shim and its directory are removed");
        }
        Files.delete(tmp);
    }

    @Test
    void resourceNameFollowsTheArchitecture() {
        String arch = System.getProperty("os.arch");
        String expected = arch.equals("amd64") ? "linux-x86_64" : "linux-" + arch;
        assertEquals("META-INF/native/" + expected + "/libcaps4j.so", NativeLibraryLoader.resourceName());
        assertFalse(NativeLibraryLoader.resourceName().contains("amd64"));
    }
}
