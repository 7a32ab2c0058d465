/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.caps4j.launch.LaunchFixture.Result;
import org.caps4j.launch.LaunchUsers.User;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: `caps4j-launch --check NAME` (root) and `--list` (the caller's policies), and the
 * syslog record, whose caller-supplied parts (arguments, a policy name) have their control
 * characters escaped. The syslog check reads the records the launcher really sends: the test
 * runs it in a private mount namespace whose /dev holds the test's own /dev/log socket.
 */
class LaunchModesTest {
    private static LaunchUsers users;
    private static User operator;
    private static User outsider;

    @BeforeAll
    static void setUp() {
        LaunchFixture.install();
        users = new LaunchUsers();
        operator = users.user("mop");
        outsider = users.user("mout");
        LaunchFixture.policy("m-echo", "type = binary", "program = /usr/bin/echo", "caps = cap_net_bind_service",
                "user = nobody", "allow-user = " + operator.name(), "arg = ^[a-z]+$", "env = LANG");
        LaunchFixture.policy("m-all", "type = binary", "program = /usr/bin/true", "caps = cap_net_raw",
                "allow-user = *", "args = any");
        LaunchFixture.policy("m-broken", "type = binary", "program = /usr/bin/true", "caps = cap_net_raw");
    }

    @AfterAll
    static void tearDown() {
        users.close();
        LaunchFixture.removeScratch();
    }

    @Test
    void checkPrintsWhatAPolicyGrantsToWhom() {
        Result result = LaunchFixture.run(List.of(LaunchFixture.LAUNCHER.toString(), "--check", "m-echo"), Map.of())
                .assertOk();
        List<String> expected = List.of("policy m-echo: ok (" + LaunchFixture.POLICY_DIR + "/m-echo.conf)",
                "  runs:        binary /usr/bin/echo", "  grants:      cap_net_bind_service",
                "  as:          uid 65534 gid 65534",
                "  allowed:     user " + operator.name() + " (" + operator.uid() + ")",
                "  arguments:   exactly 1: 1 ^[a-z]+$", "  environment: LANG ^[A-Za-z][A-Za-z0-9_.@-]{0,63}$",
                "  directory:   /", "  process:     umask 022, limit-fsize unlimited, limit-as unlimited, "
                        + "limit-nofile 1024");
        assertEquals(expected, result.stdout().lines().toList(), result.toString());
        LaunchFixture.run(List.of(LaunchFixture.LAUNCHER.toString(), "--check", "m-broken"), Map.of())
                .assertRefused("missing 'allow-user = NAME'");
        LaunchFixture.run(operator.run(LaunchFixture.LAUNCHER.toString(), "--check", "m-echo"), Map.of())
                .assertRefused("--check is for root");
    }

    @Test
    void listShowsOnlyThePoliciesTheCallerMayRun() {
        List<String> mine = LaunchFixture.run(operator.run(LaunchFixture.LAUNCHER.toString(), "--list"), Map.of())
                .assertOk().stdout().lines().filter(l -> l.startsWith("m-")).toList();
        assertEquals(List.of("m-all: binary /usr/bin/true, grants cap_net_raw",
                "m-echo: binary /usr/bin/echo, grants cap_net_bind_service"), mine);
        List<String> theirs = LaunchFixture.run(outsider.run(LaunchFixture.LAUNCHER.toString(), "--list"), Map.of())
                .assertOk().stdout().lines().filter(l -> l.startsWith("m-")).toList();
        assertEquals(List.of("m-all: binary /usr/bin/true, grants cap_net_raw"), theirs);
    }

    /** The launcher run as {@code user} in a mount namespace whose /dev/log is {@code dev}/log. */
    private static Result inNamespace(Path dev, User user, String... launcherArgs) {
        Privileged.requireTool("unshare");
        List<String> launch = new ArrayList<>(user.run(LaunchFixture.LAUNCHER.toString()));
        launch.addAll(List.of(launcherArgs));
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind /dev/null \"$0/null\" && mount --rbind \"$0\" /dev && exec \"$@\"", dev.toString()));
        command.addAll(launch);
        return LaunchFixture.run(command, Map.of());
    }

    @Test
    void syslogRecordsEscapeControlCharacters() throws Exception {
        Path dev = LaunchFixture.scratch();
        Files.createFile(dev.resolve("null"));
        List<String> records = new CopyOnWriteArrayList<>();
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    try (SocketChannel client = server.accept()) {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        ByteBuffer buffer = ByteBuffer.allocate(8192);
                        while (client.read(buffer.clear()) > 0) {
                            bytes.write(buffer.array(), 0, buffer.position());
                        }
                        records.addAll(Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\0")));
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        try {
            server.bind(UnixDomainSocketAddress.of(dev.resolve("log")));
            LaunchFixture.run(List.of("chmod", "666", dev.resolve("log").toString()), Map.of()).assertOk();
            reader.start();
            Result run = inNamespace(dev, operator, "m-echo", "a\nb");
            run.assertRefused("argument 1 does not match");
            assertEquals(1, run.stderr().lines().count(), "the newline is escaped on stderr too\n" + run);
            inNamespace(dev, operator, "m-echo", "fine").assertOk();
            inNamespace(dev, operator, "m-all", "x\r\u001b[2Kforged", "q\"uote").assertOk();
            inNamespace(dev, operator, "bad\nname").assertRefused("is not a policy name");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (records.stream().filter(r -> r.contains("caps4j-launch")).count() < 4
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            server.close();
            reader.join();
            LaunchFixture.run(List.of("rm", "-rf", dev.toString()), Map.of());
        }
        String all = String.join("\n---\n", records);
        assertTrue(records.stream().anyMatch(r -> r.contains("uid " + operator.uid() + " runs policy m-echo: program "
                + "/usr/bin/echo, uid 65534 gid 65534, grant cap_net_bind_service, 1 argument: \"fine\"")), all);
        assertTrue(records.stream().anyMatch(r -> r.contains("grant cap_net_raw, 2 arguments: "
                + "\"x\\x0d\\x1b[2Kforged\" \"q\\x22uote\"")), all);
        assertTrue(records.stream().anyMatch(r -> r.contains("refused for uid " + operator.uid()
                + ": 'bad\\x0aname' is not a policy name")), all);
        for (String record : records) {
            assertFalse(record.strip().chars().anyMatch(c -> c < 0x20 || c == 0x7f), "control character in " + record);
        }
        assertEquals(4, records.stream().filter(r -> r.contains("caps4j-launch")).count(), all);
    }
}
