/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.arm64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arm64 {@code caps4j-launch-test} under qemu-user, on the paths that need no privilege
 * transfer: a policy parsed and described by {@code --check}, a policy without
 * {@code allow-user} refused, a world-writable policy refused, a bad name refused,
 * {@code --list}. Its policy directory is its own ({@link #POLICY_DIR}), never the x86-64 tests'.
 */
class Arm64LaunchQemuTest {
    private static final Path POLICY_DIR = Path.of("/var/lib/caps4j-launch-arm64-test.d");
    private static final Path LAUNCHER = Arm64QemuTest.SHIM_DIR.resolve("caps4j-launch-test");

    @BeforeAll
    static void writePolicies() throws Exception {
        Privileged.requireRoot();
        removePolicies();
        Files.createDirectories(POLICY_DIR);
        Files.setPosixFilePermissions(POLICY_DIR, PosixFilePermissions.fromString("rwxr-xr-x"));
        policy("a-echo", "rw-r--r--", "type = binary", "program = /usr/bin/echo",
                "caps = cap_net_bind_service", "user = nobody", "allow-user = *", "args = any");
        policy("a-broken", "rw-r--r--", "type = binary", "program = /usr/bin/true",
                "caps = cap_net_raw");
        policy("a-open", "rw-rw-rw-", "type = binary", "program = /usr/bin/true",
                "caps = cap_net_raw", "allow-user = *");
    }

    private static void policy(String name, String mode, String... lines) throws Exception {
        Path file = POLICY_DIR.resolve(name + ".conf");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    @AfterAll
    static void removePolicies() throws Exception {
        if (Files.exists(POLICY_DIR)) {
            try (Stream<Path> paths = Files.walk(POLICY_DIR)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ChildJvm.Result launch(String... args) {
        assertTrue(Files.isRegularFile(LAUNCHER), "the build produces " + LAUNCHER);
        return ChildJvm.exec(Qemu.command(LAUNCHER, List.of(), args));
    }

    @Test
    void checkDescribesAValidPolicy() {
        ChildJvm.Result result = launch("--check", "a-echo");
        assertEquals(0, result.exitCode(), result.toString());
        List<String> lines = result.stdout().lines().toList();
        assertEquals("policy a-echo: ok (" + POLICY_DIR + "/a-echo.conf)", lines.get(0));
        assertTrue(lines.contains("  runs:        binary /usr/bin/echo"), result.toString());
        assertTrue(lines.contains("  grants:      cap_net_bind_service"), result.toString());
        assertTrue(lines.contains("  as:          uid 65534 gid 65534"), result.toString());
    }

    @Test
    void refusalsNeedNoPrivilegeTransfer() {
        ChildJvm.Result broken = launch("--check", "a-broken");
        assertNotEquals(0, broken.exitCode());
        assertTrue(broken.stderr().contains("missing 'allow-user = NAME'"), broken.toString());
        ChildJvm.Result open = launch("--check", "a-open");
        assertNotEquals(0, open.exitCode());
        assertTrue(open.stderr().contains("is group- or world-writable (mode 0666)"),
                open.toString());
        ChildJvm.Result badName = launch("--check", "../a-echo");
        assertNotEquals(0, badName.exitCode());
        assertTrue(badName.stderr().contains("is not a policy name"), badName.toString());
        ChildJvm.Result list = launch("--list");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.stdout().contains("a-echo: binary /usr/bin/echo, grants "
                + "cap_net_bind_service"), list.toString());
    }
}
