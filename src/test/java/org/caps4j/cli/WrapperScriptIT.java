/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * {@code target/caps4j}, the build's copy of the installable wrapper
 * ({@code src/main/scripts/caps4j}), runs the packaged jar with the JDK that {@code JAVA_HOME}
 * names and passes arguments and exit codes through.
 */
class WrapperScriptIT {
    private static final Path SCRIPT = Path.of(System.getProperty("caps4j.test.jar",
            "target/caps4j.jar")).resolveSibling("caps4j");

    private static ChildJvm.Result caps4j(String jar, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "CAPS4J_JAR=" + jar,
                "JAVA_HOME=" + System.getProperty("java.home"), SCRIPT.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return ChildJvm.exec(command);
    }

    private static String jar() {
        Path jar = Path.of(System.getProperty("caps4j.test.jar", "target/caps4j.jar"));
        assertTrue(Files.isRegularFile(jar), "packaged jar " + jar);
        return jar.toAbsolutePath().toString();
    }

    @Test
    void theBuildShipsTheScriptExecutable() throws Exception {
        assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " is executable");
        assertEquals(Files.readString(Path.of("src/main/scripts/caps4j")),
                Files.readString(SCRIPT));
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(SCRIPT)));
    }

    @Test
    void runsTheJarWithArgumentsAndExitCodes() {
        assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " is executable");
        assertEquals("0x0000000000000400=cap_net_bind_service\n",
                caps4j(jar(), "decode", "0x400").assertSuccess().stdout());
        assertEquals(List.of("cap_kill (5)"), caps4j(jar(), "explain", "kill").assertSuccess()
                .stdout().lines().limit(1).toList());
        ChildJvm.Result bad = caps4j(jar(), "explain", "cap_foo");
        assertEquals(2, bad.exitCode(), bad.stderr());
        assertTrue(bad.stderr().startsWith("caps4j: unknown capability 'cap_foo'"), bad.stderr());
        ChildJvm.Result show = caps4j(jar(), "show");
        assertEquals(0, show.exitCode(), show.stderr());
        assertTrue(show.stdout().startsWith("Current: "), show.stdout());
    }

    @Test
    void missingJarIsNamed() {
        ChildJvm.Result result = caps4j("/nonexistent/caps4j.jar", "decode", "0x400");
        assertEquals(1, result.exitCode());
        assertEquals("caps4j: no jar at /nonexistent/caps4j.jar: install it there or set "
                + "CAPS4J_JAR\n", result.stderr());
    }
}
