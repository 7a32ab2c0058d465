/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.caps4j.launch.LaunchFixture.Result;
import org.caps4j.launch.LaunchUsers.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: what the caller can no longer hand to the program or slip past the parser, each run
 * for real by a throwaway user: umask and RLIMIT_FSIZE/AS/NOFILE, a `type = binary` that is a
 * `#!` script (item "binary starting with #!"), a symlinked interpreter (item 4), a policy of
 * exactly 65,536 bytes, and `caps = 08`.
 */
class LaunchProcessTest {
    private static final Path DIR = LaunchFixture.POLICY_DIR.resolve("process");
    private static LaunchUsers users;
    private static User caller;

    @BeforeAll
    static void setUp() throws IOException {
        LaunchFixture.install();
        users = new LaunchUsers();
        caller = users.user("proc");
        Files.createDirectories(DIR);
        LaunchFixture.run(List.of("chmod", "755", DIR.toString()), Map.of()).assertOk();
    }

    @AfterAll
    static void tearDown() {
        users.close();
    }

    private static final String REPORT = "umask; ulimit -S -f; ulimit -H -f; ulimit -S -v; ulimit -S -n; ulimit -H -n";

    /** The caller's shell sets {@code prelude} (umask, ulimits), then runs dash -c REPORT through the launcher. */
    private static Result report(String prelude, String... extra) {
        List<String> lines = new ArrayList<>(List.of("type = binary", "program = /usr/bin/dash",
                "caps = cap_net_bind_service", "allow-user = " + caller.name(), "args = any"));
        lines.addAll(List.of(extra));
        LaunchFixture.policy("process", lines.toArray(String[]::new));
        String launch = LaunchFixture.LAUNCHER + " process -c '" + REPORT + "'";
        return LaunchFixture.run(caller.run("/usr/bin/dash", "-c", prelude + "; exec " + launch), Map.of());
    }

    /** umask default 022 and the default limits replace the caller's (lowered soft limits). */
    @Test
    void callerUmaskAndSoftLimitsAreReset() {
        Result result = report("umask 077; ulimit -S -f 8; ulimit -S -v 500000; ulimit -S -n 16");
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("0022", "unlimited", "unlimited", "unlimited", "1024", "1024"),
                result.stdout().lines().toList(), result.toString());
        result = report("umask 000", "umask = 0027", "limit-fsize = 1M", "limit-as = 4G", "limit-nofile = 256");
        assertEquals(List.of("0027", "2048", "2048", "4194304", "256", "256"), result.stdout().lines().toList(),
                result.toString());
    }

    /** A caller who lowered a hard limit is refused: the launcher never raises one. */
    @Test
    void loweredHardLimitsAreRefused() {
        // dash counts ulimit -f in 512-byte blocks
        report("ulimit -f 8").assertRefused("the caller's hard limit RLIMIT_FSIZE (ulimit -f) is 4096 bytes, "
                + "below policy process's limit-fsize");
        report("ulimit -n 100").assertRefused("hard limit RLIMIT_NOFILE (ulimit -n) is 100 files");
        report("ulimit -v 500000").assertRefused("hard limit RLIMIT_AS (ulimit -v)");
    }

    private static Path file(String name, String content, String mode) throws IOException {
        Path path = DIR.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        LaunchFixture.run(List.of("chmod", mode, path.toString()), Map.of()).assertOk();
        return path;
    }

    /** type = binary whose program starts with #!, and an interpreter that is itself a script. */
    @Test
    void scriptsPosingAsBinariesAreRefused() throws IOException {
        Path script = file("hello.sh", "#!/usr/bin/dash\necho HELLO\n", "755");
        LaunchFixture.policy("shebang", "type = binary", "program = " + script, "caps = cap_net_bind_service",
                "allow-user = " + caller.name());
        Result result = caller.launch(Map.of(), "shebang");
        assertFalse(result.stdout().contains("HELLO"), result.toString());
        result.assertRefused("program: " + script + " starts with '#!'");
        LaunchFixture.policy("shebang", "type = script", "program = " + script, "interpreter = /usr/bin/dash",
                "caps = cap_net_bind_service", "allow-user = " + caller.name());
        assertEquals("HELLO", caller.launch(Map.of(), "shebang").assertOk().stdout().strip(), "control");
        Path wrapper = file("interp.sh", "#!/usr/bin/dash\nexec /usr/bin/dash \"$@\"\n", "755");
        LaunchFixture.policy("shebang", "type = script", "program = " + script, "interpreter = " + wrapper,
                "caps = cap_net_bind_service", "allow-user = " + caller.name());
        caller.launch(Map.of(), "shebang").assertRefused("interpreter: " + wrapper + " starts with '#!'");
    }

    /** Item 4: a symlinked interpreter is refused with the canonical path to write instead. */
    @Test
    void symlinkedInterpreterRefusalNamesTheCanonicalPath() throws IOException {
        Path script = file("hello2.sh", "echo HELLO\n", "644");
        Path link = DIR.resolve("sh-link");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/usr/bin/dash"));
        List<Path> interpreters = new ArrayList<>(List.of(link));
        if (Files.isSymbolicLink(Path.of("/usr/bin/sh"))) {
            interpreters.add(Path.of("/usr/bin/sh")); // Debian: -> dash
        }
        for (Path interpreter : interpreters) {
            LaunchFixture.policy("symlink", "type = script", "program = " + script, "interpreter = " + interpreter,
                    "caps = cap_net_bind_service", "allow-user = " + caller.name());
            caller.launch(Map.of(), "symlink").assertRefused(interpreter + " is a symbolic link (policy paths must "
                    + "be canonical): write " + interpreter.toRealPath());
        }
    }

    /** A policy of exactly 65,536 bytes is read; one byte more is refused. */
    @Test
    void policyOfExactly64KiBIsAccepted() {
        String head = "type = binary\nprogram = /usr/bin/echo\ncaps = cap_net_bind_service\nallow-user = "
                + caller.name() + "\nargs = any\n";
        StringBuilder text = new StringBuilder(head);
        while (text.length() < 65536) {
            int line = Math.min(100, 65536 - text.length());
            text.append("#".repeat(line - 1)).append('\n');
        }
        assertEquals(65536, text.length());
        LaunchFixture.policy("big", text.substring(0, text.length() - 1));
        assertEquals("OK", caller.launch(Map.of(), "big", "OK").assertOk().stdout().strip());
        LaunchFixture.policy("big", text + "#");
        caller.launch(Map.of(), "big", "OK").assertRefused("policy larger than 65536 bytes");
    }

    /** caps = 08 (and 010, 00) are refused like the library's parser; caps = 10 is cap_net_bind_service. */
    @Test
    void capabilityNumbersWithLeadingZerosAreRefused() {
        for (String caps : List.of("08", "010", "00", "cap_net_bind_service,010")) {
            LaunchFixture.policy("zeros", "type = binary", "program = /usr/bin/echo", "caps = " + caps,
                    "allow-user = " + caller.name());
            caller.launch(Map.of(), "zeros").assertRefused("is not a capability of this kernel");
        }
        LaunchFixture.policy("zeros", "type = binary", "program = /usr/bin/echo", "caps = 10",
                "allow-user = " + caller.name());
        caller.launch(Map.of(), "zeros").assertOk();
    }
}
