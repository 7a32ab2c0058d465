/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.caps4j.launch.LaunchFixture.Result;
import org.caps4j.launch.LaunchUsers.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, "who may run a policy and with which arguments": allow-user / allow-group against the
 * caller's real uid and groups, no default "anyone"; args = none | any | per-position patterns.
 * Run by throwaway users: an operator (in the allowed group) and an outsider. The program is
 * /usr/bin/echo, so what it received is its output.
 */
class LaunchAccessTest {
    private static LaunchUsers users;
    private static String operators;
    private static User operator;
    private static User outsider;

    @BeforeAll
    static void setUp() {
        LaunchFixture.install();
        users = new LaunchUsers();
        operators = users.group("ops");
        operator = users.user("op", operators);
        outsider = users.user("out");
    }

    @AfterAll
    static void tearDown() {
        users.close();
    }

    private static void echoPolicy(String... extra) {
        List<String> lines = new ArrayList<>(List.of("type = binary", "program = /usr/bin/echo",
                "caps = cap_net_bind_service"));
        lines.addAll(List.of(extra));
        LaunchFixture.policy("access", lines.toArray(String[]::new));
    }

    private static void assertEchoes(User user, String expected, String... args) {
        Result result = user.launch(Map.of(), "access", args);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(expected, result.stdout().strip(), result.toString());
    }

    /** A policy that names no one is refused for everyone; anyone must be written as '*'. */
    @Test
    void aPolicyWithoutAllowIsRefused() {
        echoPolicy();
        outsider.launch(Map.of(), "access").assertRefused("missing 'allow-user = NAME' or 'allow-group = NAME'");
        echoPolicy("allow-user = *");
        assertEchoes(outsider, "");
        echoPolicy("allow-user = no-such-user-c4j");
        outsider.launch(Map.of(), "access").assertRefused("allow-user: no such user 'no-such-user-c4j'");
    }

    /** allow-user by name and by number; everyone else, nobody included, is refused. */
    @Test
    void allowUserAdmitsExactlyTheListedUsers() {
        echoPolicy("allow-user = " + operator.name());
        assertEchoes(operator, "");
        outsider.launch(Map.of(), "access").assertRefused("uid " + outsider.uid() + " may not run policy access");
        LaunchFixture.launchAsNobody(Map.of(), "access").assertRefused("uid 65534 may not run policy access");
        echoPolicy("allow-user = " + outsider.uid());
        assertEchoes(outsider, "");
        operator.launch(Map.of(), "access").assertRefused("may not run policy access");
    }

    /** allow-group matches a supplementary group of the caller. */
    @Test
    void allowGroupAdmitsMembers() {
        echoPolicy("allow-group = " + operators);
        assertEchoes(operator, "");
        outsider.launch(Map.of(), "access").assertRefused("may not run policy access");
    }

    /** args = none is the default; args = any passes everything. */
    @Test
    void argsNoneAndAny() {
        echoPolicy("allow-user = " + operator.name());
        operator.launch(Map.of(), "access", "hello").assertRefused("takes no arguments (args = none), 1 given");
        echoPolicy("allow-user = " + operator.name(), "args = none");
        operator.launch(Map.of(), "access", "-e", "x").assertRefused("takes no arguments");
        echoPolicy("allow-user = " + operator.name(), "args = any");
        assertEchoes(operator, "hello world", "hello", "world");
        echoPolicy("allow-user = " + operator.name(), "args = any", "arg = ^x$");
        operator.launch(Map.of(), "access", "x").assertRefused("give either 'args = none|any' or 'arg = ^PATTERN$'");
    }

    /** arg = ^...$ per position: exact count, whole-value match, never a '..' component. */
    @Test
    void argPatternsPinEachPosition() {
        echoPolicy("allow-user = " + operator.name(), "arg = ^/srv/data(/[A-Za-z0-9._-]+)*$", "arg = ^--(fast|safe)$");
        assertEchoes(operator, "/srv/data/a.b --safe", "/srv/data/a.b", "--safe");
        operator.launch(Map.of(), "access", "/srv/data").assertRefused("takes exactly 2 arguments, 1 given");
        operator.launch(Map.of(), "access", "/srv/data", "--safe", "x").assertRefused("exactly 2 arguments, 3 given");
        operator.launch(Map.of(), "access", "/root/secret", "--safe")
                .assertRefused("argument 1 does not match the policy's pattern ^/srv/data(/[A-Za-z0-9._-]+)*$");
        operator.launch(Map.of(), "access", "/srv/data/../../root/secret", "--safe")
                .assertRefused("argument 1 contains a '..' component");
        operator.launch(Map.of(), "access", "/srv/data", "--safe\n--fast")
                .assertRefused("argument 2 does not match");
        operator.launch(Map.of(), "access", "/srv/data/x", "prefix--safe").assertRefused("argument 2 does not match");
        echoPolicy("allow-user = " + operator.name(), "arg = /srv/data");
        operator.launch(Map.of(), "access", "/srv/data").assertRefused("must match the whole value: write it as ^...$");
    }
}
