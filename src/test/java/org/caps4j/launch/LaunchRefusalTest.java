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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.caps4j.launch.LaunchFixture.Result;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What caps4j-launch refuses: exit 127 before exec with one message. Every refusal is paired with
 * a control that the same setup, made right, launches, so a refusal for another reason cannot
 * pass. The program is a shell script that prints what it is.
 */
class LaunchRefusalTest {
    private static final Path SCRIPTS = LaunchFixture.POLICY_DIR.resolve("scripts");

    @BeforeAll
    static void install() throws IOException {
        LaunchFixture.install();
        Files.createDirectories(SCRIPTS);
        chmod("755", SCRIPTS);
    }

    @AfterAll
    static void removeScratch() {
        LaunchFixture.removeScratch();
    }

    private static void chmod(String mode, Path path) {
        LaunchFixture.run(List.of("chmod", mode, path.toString()), Map.of()).assertOk();
    }

    private static Path script(Path file, String word) throws IOException {
        Files.writeString(file, "#!/usr/bin/dash\necho " + word + "\n");
        chmod("755", file);
        return file;
    }

    /** The program is a dash script (a `type = binary` starting with #! is refused: LaunchProcessTest). */
    private static void binaryPolicy(String name, Path program) {
        LaunchFixture.policy(name, "type = script", "program = " + program, "interpreter = /usr/bin/dash",
                "caps = cap_net_bind_service", "user = nobody", "allow-user = *");
    }

    private static Result launch(String name) {
        return LaunchFixture.launchAsNobody(Map.of(), name);
    }

    private static void assertRuns(String name, String word) {
        Result result = launch(name);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(word, result.stdout().strip(), result.toString());
    }

    /** X5: argc 0 is refused (a tiny C helper execs the launcher with an empty argv). */
    @Test
    void argcZeroIsRefused() throws IOException {
        Path helper = LaunchFixture.compile("launch_argc0", LaunchFixture.scratch(), false);
        List<String> command = new ArrayList<>(List.of(LaunchFixture.NOBODY.split(" ")));
        command.addAll(List.of(helper.toString(), LaunchFixture.LAUNCHER.toString()));
        LaunchFixture.run(command, Map.of()).assertRefused("argc 0");
    }

    /** X6: a set-uid install, or real != effective uid, is refused. */
    @Test
    void setuidInstallAndMismatchedIdsAreRefused() throws IOException {
        Path good = script(SCRIPTS.resolve("x6"), "GOOD");
        binaryPolicy("x6", good);
        assertRuns("x6", "GOOD");
        Path suid = LaunchFixture.BIN.resolve("launch-suid");
        Files.copy(LaunchFixture.BUILT, suid, StandardCopyOption.REPLACE_EXISTING);
        chmod("4755", suid);
        List<String> command = new ArrayList<>(List.of(LaunchFixture.NOBODY.split(" ")));
        command.addAll(List.of(suid.toString(), "x6"));
        LaunchFixture.run(command, Map.of()).assertRefused("real and effective ids differ");
        LaunchFixture.run(List.of("setpriv", "--ruid=65534", "--euid=0", LaunchFixture.LAUNCHER.toString(), "x6"),
                Map.of()).assertRefused("real and effective ids differ");
    }

    /** X7: a program that is a symlink, group/world-writable, not root's, or in a writable directory. */
    @Test
    void untrustworthyProgramsAreRefused() throws IOException {
        Path good = script(SCRIPTS.resolve("x7"), "GOOD");
        binaryPolicy("x7", good);
        assertRuns("x7", "GOOD");

        Path link = SCRIPTS.resolve("x7-link");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, good);
        binaryPolicy("x7", link);
        launch("x7").assertRefused("is a symbolic link");

        binaryPolicy("x7", good);
        chmod("775", good);
        launch("x7").assertRefused("group- or world-writable");
        chmod("757", good);
        launch("x7").assertRefused("group- or world-writable");
        chmod("755", good);
        LaunchFixture.run(List.of("chown", "nobody", good.toString()), Map.of()).assertOk();
        launch("x7").assertRefused("owned by uid 65534");
        LaunchFixture.run(List.of("chown", "root", good.toString()), Map.of()).assertOk();
        chmod("755", good);
        assertRuns("x7", "GOOD");

        Path userDir = SCRIPTS.resolve("x7-user");
        Files.createDirectories(userDir);
        Path inUserDir = script(userDir.resolve("prog"), "GOOD");
        binaryPolicy("x7", inUserDir);
        chmod("755", userDir);
        assertRuns("x7", "GOOD");
        LaunchFixture.run(List.of("chown", "nobody", userDir.toString()), Map.of()).assertOk();
        launch("x7").assertRefused("owned by uid 65534");
        LaunchFixture.run(List.of("chown", "root", userDir.toString()), Map.of()).assertOk();
        chmod("1777", userDir);
        launch("x7").assertRefused("group- or world-writable");
    }

    /** X16: a policy writable by anyone but root (or not root's, or a symlink) is refused. */
    @Test
    void untrustworthyPoliciesAreRefused() throws IOException {
        Path good = script(SCRIPTS.resolve("x16"), "GOOD");
        binaryPolicy("x16", good);
        assertRuns("x16", "GOOD");
        Path policy = LaunchFixture.POLICY_DIR.resolve("x16.conf");
        chmod("664", policy);
        launch("x16").assertRefused("group- or world-writable");
        chmod("646", policy);
        launch("x16").assertRefused("group- or world-writable");
        chmod("644", policy);
        LaunchFixture.run(List.of("chown", "nobody", policy.toString()), Map.of()).assertOk();
        launch("x16").assertRefused("owned by uid 65534");
        LaunchFixture.run(List.of("chown", "root", policy.toString()), Map.of()).assertOk();
        Path link = LaunchFixture.POLICY_DIR.resolve("x16-link.conf");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, policy);
        LaunchFixture.launchAsNobody(Map.of(), "x16-link").assertRefused("is a symbolic link");
        chmod("775", LaunchFixture.POLICY_DIR);
        try {
            launch("x16").assertRefused("group- or world-writable");
        } finally {
            chmod("755", LaunchFixture.POLICY_DIR);
        }
        assertRuns("x16", "GOOD");
    }

    /** The parser is strict: unknown keys, forbidden env names, bad caps, names with '/'. */
    @Test
    void malformedPoliciesAreRefused() throws IOException {
        Path good = script(SCRIPTS.resolve("strict"), "GOOD");
        String[] base = {"type = script", "program = " + good, "interpreter = /usr/bin/dash",
            "caps = cap_net_bind_service", "allow-user = *"};
        LaunchFixture.policy("strict", base);
        assertRuns("strict", "GOOD");
        record Case(String line, String reason) {}
        for (Case c : List.of(new Case("colour = blue", "unknown key 'colour'"),
                new Case("env = LD_PRELOAD", "env LD_PRELOAD is never forwarded"),
                new Case("env = JAVA_TOOL_OPTIONS", "never forwarded"),
                new Case("env = PYTHONPATH", "never forwarded"),
                new Case("env = SHELLOPTS ^xtrace$", "never forwarded"),
                new Case("env = HOME", "env HOME needs a pattern"),
                new Case("env = HOME /home", "must match the whole value: write it as ^...$"),
                new Case("allow-group = *", "write allow-user = * for anyone"),
                new Case("args = some", "args must be none or any"),
                new Case("arg = x", "must match the whole value"),
                new Case("umask = 22", "umask must be octal"),
                new Case("limit-nofile = unlimited", "limit-nofile must be a positive number"),
                new Case("limit-cpu = 1", "unknown key 'limit-cpu'"),
                new Case("caps = cap_sys_admin", "caps given twice"),
                new Case("jvm-option = -Xmx1m", "only for type jar"),
                new Case("interpreter = /usr/bin/dash", "interpreter given twice"),
                new Case("program = /x", "program given twice"))) {
            List<String> lines = new ArrayList<>(List.of(base));
            lines.add(c.line());
            LaunchFixture.policy("strict", lines.toArray(String[]::new));
            launch("strict").assertRefused(c.reason());
        }
        LaunchFixture.policy("strict", "type = script", "program = " + good, "interpreter = /usr/bin/dash",
                "caps = cap_no_such", "allow-user = *");
        launch("strict").assertRefused("'cap_no_such' is not a capability");
        LaunchFixture.policy("strict", "type = script", "program = " + good, "interpreter = /usr/bin/dash",
                "caps = cap_sys_resource",
                "allow-user = *");
        launch("strict").assertRefused("lacks cap_sys_resource in its permitted set");
        LaunchFixture.policy("strict", "type = binary", "program = /usr/bin/true", "interpreter = /usr/bin/dash",
                "caps = cap_net_bind_service", "allow-user = *");
        launch("strict").assertRefused("type binary takes no interpreter");
        LaunchFixture.launchAsNobody(Map.of(), "../x16").assertRefused("is not a policy name");
        LaunchFixture.launchAsNobody(Map.of(), "absent").assertRefused("cannot open");
    }

    /** X14: no RPATH/RUNPATH ($ORIGIN or any), PIE, full RELRO, stack protector. */
    @Test
    void launcherIsHardened() {
        Privileged.requireTool("readelf");
        for (Path binary : List.of(Path.of("target", "native", "caps4j-launch"), LaunchFixture.BUILT)) {
            assertTrue(Files.isRegularFile(binary), binary.toString());
            String dynamic = LaunchFixture.run(List.of("readelf", "-W", "-d", binary.toAbsolutePath().toString()),
                    Map.of()).assertOk().stdout();
            assertFalse(dynamic.contains("RPATH") || dynamic.contains("RUNPATH") || dynamic.contains("$ORIGIN"),
                    dynamic);
            assertTrue(dynamic.contains("BIND_NOW") && dynamic.contains("PIE"), dynamic);
            String segments = LaunchFixture.run(List.of("readelf", "-W", "-l", "--dyn-syms",
                    binary.toAbsolutePath().toString()), Map.of()).assertOk().stdout();
            assertTrue(segments.contains("GNU_RELRO") && segments.contains("__stack_chk_fail"), segments);
        }
    }

    /** X8: swapping the program after the check never runs the attacker's (untrusted) file. */
    @Test
    void swapLoopNeverRunsTheAttackersFile() throws Exception {
        Path target = SCRIPTS.resolve("x8");
        Path good = script(SCRIPTS.resolve("x8-good"), "GOOD");
        Path evil = script(SCRIPTS.resolve("x8-evil"), "EVIL");
        LaunchFixture.run(List.of("chown", "nobody", evil.toString()), Map.of()).assertOk();
        binaryPolicy("x8", target);
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            Path staging = SCRIPTS.resolve("x8-staging");
            for (boolean useEvil = false; !stop.get(); useEvil = !useEvil) {
                try {
                    Files.deleteIfExists(staging);
                    Files.createLink(staging, useEvil ? evil : good);
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        swapper.start();
        int goodRuns = 0;
        int refused = 0;
        try {
            for (int i = 0; i < 150; i++) {
                Result result = launch("x8");
                assertFalse(result.stdout().contains("EVIL"), "attacker's file ran:\n" + result);
                if (result.exitCode() == 0) {
                    assertEquals("GOOD", result.stdout().strip(), result.toString());
                    goodRuns++;
                } else {
                    assertEquals(127, result.exitCode(), result.toString());
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertTrue(goodRuns > 0 && refused > 0, "both files were in place during the loop: good "
                + goodRuns + ", refused " + refused);
    }
}
