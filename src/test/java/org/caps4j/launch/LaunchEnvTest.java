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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.caps4j.launch.LaunchFixture.Result;
import org.caps4j.launch.LaunchUsers.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 2: the environment allow-list checks values, not only names. The attack that
 * succeeded on the first launcher, run for real by a throwaway user: a bash script policy that
 * forwards SHELLOPTS and PS4 lets {@code SHELLOPTS=xtrace PS4='$(cmd)'} run the caller's command
 * with the grant. Here the command prints its own CapEff, so "it ran with the grant" is visible.
 */
class LaunchEnvTest {
    private static final Path DIR = LaunchFixture.POLICY_DIR.resolve("env");
    private static final String PAYLOAD = "$(grep CapEff /proc/self/status >&2)";
    private static LaunchUsers users;
    private static User attacker;

    @BeforeAll
    static void setUp() throws IOException {
        LaunchFixture.install();
        users = new LaunchUsers();
        attacker = users.user("env");
        Files.createDirectories(DIR);
        LaunchFixture.run(List.of("chmod", "755", DIR.toString()), Map.of()).assertOk();
        Path script = DIR.resolve("show-env.sh");
        Files.writeString(script, "#!/usr/bin/bash\nenv | sort\n");
        LaunchFixture.run(List.of("chmod", "755", script.toString()), Map.of()).assertOk();
    }

    @AfterAll
    static void tearDown() {
        users.close();
    }

    private static void bashPolicy(String name, String... env) {
        List<String> lines = new ArrayList<>(List.of("type = script", "program = " + DIR.resolve("show-env.sh"),
                "interpreter = /usr/bin/bash", "caps = cap_net_bind_service", "allow-user = " + attacker.name()));
        for (String entry : env) {
            lines.add("env = " + entry);
        }
        LaunchFixture.policy(name, lines.toArray(String[]::new));
    }

    /** Item 2 attack: SHELLOPTS=xtrace with PS4='$(...)' through a policy that lists both names. */
    @Test
    void shelloptsAndPs4CannotRunTheCallersCommand() {
        Map<String, String> attack = Map.of("SHELLOPTS", "xtrace", "PS4", PAYLOAD);
        // control: the same environment really runs the command in bash (here without a grant)
        Result direct = LaunchFixture.run(attacker.run("/usr/bin/bash", DIR.resolve("show-env.sh").toString()), attack);
        assertTrue(direct.stderr().contains("CapEff:"), "the payload runs in plain bash\n" + direct);

        bashPolicy("env-shellopts", "SHELLOPTS", "PS4");
        Result result = attacker.launch(attack, "env-shellopts");
        assertFalse(result.stderr().contains("CapEff:"), "the caller's command ran with the grant\n" + result);
        result.assertRefused("env SHELLOPTS is never forwarded");
        bashPolicy("env-ps4", "PS4");
        attacker.launch(attack, "env-ps4").assertRefused("env PS4 is never forwarded");
    }

    /** Item 2: the other names the review forwarded are refused unless the policy gives a pattern. */
    @Test
    void aNameWithoutAPatternIsRefused() {
        for (String name : List.of("OPENSSL_CONF", "OPENSSL_MODULES", "LUA_INIT", "JAVA_HOME", "GIT_SSH_COMMAND",
                "HOME")) {
            bashPolicy("env-bare", name);
            attacker.launch(Map.of(name, "/tmp/x"), "env-bare").assertRefused("env " + name + " needs a pattern");
        }
        for (String name : List.of("BASHOPTS", "PERL5DB")) {
            bashPolicy("env-bare", name + " ^.*$");
            attacker.launch(Map.of(name, "x"), "env-bare").assertRefused("env " + name + " is never forwarded");
        }
    }

    /** Item 2: values are checked; matching ones arrive, anything unlisted never does. */
    @Test
    void valuesMustMatchTheirPattern() {
        bashPolicy("env-values", "APP_MODE ^(fast|safe)$", "LANG", "LC_*", "TZ");
        Map<String, String> good = new LinkedHashMap<>(Map.of("APP_MODE", "safe", "LANG", "C.UTF-8",
                "LC_NUMERIC", "C", "TZ", "Europe/Berlin", "HOME", "/tmp", "OPENSSL_CONF", "/tmp/x.cnf"));
        Result result = attacker.launch(good, "env-values");
        assertEquals(0, result.exitCode(), result.toString());
        for (String expected : List.of("APP_MODE=safe", "LANG=C.UTF-8", "LC_NUMERIC=C", "TZ=Europe/Berlin")) {
            assertTrue(result.stdout().lines().anyMatch(expected::equals), expected + "\n" + result);
        }
        assertFalse(result.stdout().contains("HOME=/tmp") || result.stdout().contains("OPENSSL_CONF"), result.toString());

        record Bad(String name, String value) {}
        for (Bad bad : List.of(new Bad("APP_MODE", "safe; id"), new Bad("APP_MODE", "fast\nLD_PRELOAD=/x"),
                new Bad("LANG", "/tmp/evil-locale"), new Bad("LC_ALL", "../../tmp/evil"),
                new Bad("LC_CTYPE", "C/../../tmp"), new Bad("TZ", "../../../tmp/zone"), new Bad("TZ", ":/tmp/zone"))) {
            Map<String, String> env = new LinkedHashMap<>(good);
            env.put(bad.name(), bad.value());
            attacker.launch(env, "env-values")
                    .assertRefused("environment variable " + bad.name() + ": its value does not match");
        }
    }
}
