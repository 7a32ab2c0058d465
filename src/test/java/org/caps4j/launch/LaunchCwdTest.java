/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.caps4j.launch.LaunchFixture.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * X10: junk in the caller's working directory has no effect on the launched JVM, because
 * caps4j-launch changes to the policy's directory (default {@code /}) before exec. The probe for
 * "a JVM looked at its working directory" is HotSpot's own: a product JVM that finds
 * {@code .hotspotrc} in its working directory prints a warning naming it; the controls show that
 * warning appears both without the launcher (same caller, same junk directory) and through the
 * launcher when the policy's own directory holds a {@code .hotspotrc}.
 */
class LaunchCwdTest {
    private static final String HOTSPOTRC_WARNING = ".hotspotrc file is present but has been ignored";

    @BeforeAll
    static void install() {
        LaunchFixture.install();
    }

    @AfterAll
    static void removeScratch() {
        LaunchFixture.removeScratch();
    }

    /** A caller's directory full of junk: .hotspotrc, Main.class, an .attach_pid file. */
    private static Path junkDirectory() throws IOException {
        Path dir = LaunchFixture.scratch();
        Files.writeString(dir.resolve(".hotspotrc"), "+PrintVMOptions\n-XX:+UnlockDiagnosticVMOptions\n");
        Files.write(dir.resolve("Main.class"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
        Files.writeString(dir.resolve(".attach_pid1"), "");
        LaunchFixture.run(List.of("chown", "-R", "nobody:nogroup", dir.toString()), Map.of()).assertOk();
        return dir;
    }

    private static List<String> asNobody(String... command) {
        List<String> full = new ArrayList<>(List.of(LaunchFixture.NOBODY.split(" ")));
        full.addAll(List.of(command));
        return full;
    }

    @Test
    void callerWorkingDirectoryJunkIsIgnored() throws IOException {
        Path junk = junkDirectory();
        LaunchFixture.jarPolicy("x10", "cap_net_bind_service");
        Result result = LaunchFixture.run(asNobody(LaunchFixture.LAUNCHER.toString(), "x10"), Map.of(), junk)
                .assertLaunched();
        assertEquals(List.of("/"), result.lines("cwd"), result.toString());
        assertFalse(result.stderr().contains(HOTSPOTRC_WARNING) || result.stdout().contains(HOTSPOTRC_WARNING),
                result.toString());
    }

    /** Control 1: the same caller in the same junk directory, without the launcher: detected. */
    @Test
    void controlWithoutTheLauncherTheJvmSeesTheJunk() throws IOException {
        Path junk = junkDirectory();
        Result result = LaunchFixture.run(asNobody(LaunchFixture.java(), "-jar", LaunchFixture.PROBE_JAR.toString()),
                Map.of(), junk).assertLaunched();
        assertEquals(List.of(junk.toRealPath().toString()), result.lines("cwd"), result.toString());
        assertTrue(result.stderr().contains(HOTSPOTRC_WARNING), "the probe detects .hotspotrc\n" + result);
    }

    /** Control 2: through the launcher, a .hotspotrc in the policy's directory is what the JVM sees. */
    @Test
    void controlTheLaunchedJvmLooksInThePolicyDirectory() throws IOException {
        Path work = LaunchFixture.POLICY_DIR.resolve("work");
        Files.createDirectories(work);
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(work.resolve(".hotspotrc"), "+PrintVMOptions\n");
        LaunchFixture.jarPolicy("x10dir", "cap_net_bind_service", "directory = " + work);
        Result result = LaunchFixture.run(asNobody(LaunchFixture.LAUNCHER.toString(), "x10dir"), Map.of(),
                junkDirectory()).assertLaunched();
        assertEquals(List.of(work.toString()), result.lines("cwd"), result.toString());
        assertTrue(result.stderr().contains(HOTSPOTRC_WARNING), "the launched JVM sees its own directory\n" + result);
    }
}
