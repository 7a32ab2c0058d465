/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.caps4j.launch.LaunchFixture.Result;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * X4: a same-uid, capability-less {@code jcmd} cannot attach to a JVM started by caps4j-launch,
 * while it can attach to the same payload holding the same capability when started without the
 * launcher (the attack the launcher's {@code -XX:+DisableAttachMechanism} exists for).
 */
class LaunchAttachTest {
    private static final Path SLEEPER_JAR = LaunchFixture.POLICY_DIR.resolve("lib").resolve("sleeper.jar");

    @BeforeAll
    static void install() throws IOException {
        LaunchFixture.install();
        LaunchFixture.writeJar(SLEEPER_JAR, LaunchSleeperMain.class, "Main-Class");
    }

    @AfterAll
    static void removeScratch() {
        LaunchFixture.removeScratch();
    }

    private static String jcmd() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Privileged.require(Files.isExecutable(jcmd), "needs " + jcmd);
        return jcmd.toString();
    }

    /** Starts {@code command} (a long-lived JVM), waits for its {@code ready}, runs jcmd as nobody. */
    private static Result jcmdAgainst(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).directory(new File("/"));
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        Process payload = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(payload.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            assertEquals("ready", first, "payload started: " + command);
            assertTrue(payload.isAlive());
            // setpriv and caps4j-launch exec in place: the JVM has the pid we started
            assertTrue(Files.readString(Path.of("/proc/" + payload.pid() + "/cmdline")).contains("-jar"));
            List<String> attach = new ArrayList<>(List.of(LaunchFixture.NOBODY.split(" ")));
            attach.addAll(List.of(jcmd(), Long.toString(payload.pid()), "VM.version"));
            Result result = LaunchFixture.run(attach, Map.of());
            assertTrue(payload.isAlive(), "the payload stayed alive during the attach attempt");
            return result;
        } finally {
            // SIGTERM first: the JVM then removes its own attach socket and perf-data file
            payload.destroy();
            if (!payload.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                payload.destroyForcibly();
                payload.waitFor();
            }
            Files.deleteIfExists(Path.of("/tmp", ".java_pid" + payload.pid()));
        }
    }

    @Test
    void sameUidJcmdCannotAttachToALaunchedJvm() throws Exception {
        LaunchFixture.policy("x4", "type = jar", "program = " + SLEEPER_JAR, "interpreter = " + LaunchFixture.java(),
                "caps = cap_net_bind_service", "user = nobody", "group = nogroup", "allow-user = *");
        List<String> launched = new ArrayList<>(List.of(LaunchFixture.NOBODY.split(" ")));
        launched.addAll(List.of(LaunchFixture.LAUNCHER.toString(), "x4"));
        Result result = jcmdAgainst(launched);
        assertNotEquals(0, result.exitCode(), "attach must fail\n" + result);
        assertTrue(!result.stdout().contains("JDK ") && !result.stdout().contains("OpenJDK"),
                "no VM.version answer\n" + result);
    }

    @Test
    void controlSameJcmdAttachesToTheSamePayloadWithoutTheLauncher() throws Exception {
        List<String> direct = new ArrayList<>(List.of(LaunchFixture.NOBODY.split(" ")));
        direct.addAll(List.of("--inh-caps=+net_bind_service", "--ambient-caps=+net_bind_service",
                LaunchFixture.java(), "-jar", SLEEPER_JAR.toString()));
        Result result = jcmdAgainst(direct);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("JDK " + Runtime.version().feature()), result.toString());
    }
}
