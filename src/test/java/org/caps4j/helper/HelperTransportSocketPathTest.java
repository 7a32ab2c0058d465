/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * H10: plain mode creates its socket only where nobody else can interfere, and never unlinks
 * anything. The attacker is a real unprivileged uid; whatever it leaves is still there after
 * the helper refused to start.
 */
class HelperTransportSocketPathTest {
    private static final int ATTACKER = 64201, CLIENT = 64202, CLIENT_GROUP = 64203,
            OUTSIDER = 64204;

    private HelperTransportFixture fixture;
    private Path base;

    @BeforeEach
    void start() throws IOException {
        fixture = new HelperTransportFixture();
        base = fixture.directory;
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @Test
    void aSocketTheAttackerPreCreatedIsRefusedAndKept() throws Exception {
        Path socket = base.resolve("helper.sock");
        asAttackerInOpenedDirectory(HelperTransportFixture.PYTHON, "-c",
                "import socket; s = socket.socket(socket.AF_UNIX); s.bind('" + socket + "')");
        IOException refused = assertThrows(IOException.class, () -> start(socket));
        assertTrue(refused.getMessage().contains("something already exists there")
                && refused.getMessage().contains("remove it yourself"), refused.getMessage());
        assertEquals(ATTACKER, Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the attacker's socket is kept");
    }

    @Test
    void aSymlinkAtTheSocketPathIsRefusedNotFollowedAndKept() throws Exception {
        Path socket = base.resolve("helper.sock");
        Path target = base.resolve("where-the-attacker-wants-it");
        asAttackerInOpenedDirectory("ln", "-s", target.toString(), socket.toString());
        IOException refused = assertThrows(IOException.class, () -> start(socket));
        assertTrue(refused.getMessage().contains("something already exists there"),
                refused.getMessage());
        assertTrue(Files.isSymbolicLink(socket), "the attacker's symlink is kept");
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "nothing created at its target");
    }

    @Test
    void aDirectoryWritableByOthersOrGroupIsRefused() throws Exception {
        for (String mode : List.of("0777", "0775", "1777", "0757")) {
            Path directory = Files.createDirectory(base.resolve("open-" + mode));
            Process chmod = new ProcessBuilder("chmod", mode, directory.toString()).start();
            assertTrue(chmod.waitFor(10, TimeUnit.SECONDS) && chmod.exitValue() == 0);
            Path socket = directory.resolve("helper.sock");
            IOException refused = assertThrows(IOException.class, () -> start(socket));
            assertTrue(refused.getMessage().contains("writable by group or others"),
                    refused.getMessage());
            assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        }
        // /tmp itself is world-writable (sticky or not): never a parent of a helper socket
        IOException underTmp = assertThrows(IOException.class,
                () -> start(Path.of("/tmp", "caps4j-never", "helper.sock")));
        assertTrue(underTmp.getMessage().contains("does not exist")
                || underTmp.getMessage().contains("writable"), underTmp.getMessage());
    }

    @Test
    void aDirectoryOrParentReachedThroughASymlinkIsRefused() throws Exception {
        Path real = Files.createDirectory(base.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(base.resolve("link"), real);
        IOException refused = assertThrows(IOException.class,
                () -> start(link.resolve("helper.sock")));
        assertTrue(refused.getMessage().contains("symlink"), refused.getMessage());
        Path inner = Files.createDirectory(real.resolve("inner"));
        Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("rwxr-xr-x"));
        refused = assertThrows(IOException.class,
                () -> start(link.resolve("inner").resolve("helper.sock")));
        assertTrue(refused.getMessage().contains("parent directory " + link)
                && refused.getMessage().contains("symlink"), refused.getMessage());
        try (var entries = Files.list(real)) {
            assertEquals(List.of(inner), entries.toList(), "nothing was created behind the link");
        }
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aDirectoryOrParentOwnedBySomeoneElseIsRefused() throws Exception {
        Path owned = Files.createDirectory(base.resolve("attackers"));
        Files.setPosixFilePermissions(owned, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(owned, "unix:uid", ATTACKER);
        IOException refused = assertThrows(IOException.class, () -> start(owned.resolve("s")));
        assertTrue(refused.getMessage().contains("owned by uid " + ATTACKER), refused.getMessage());
        Path below = Files.createDirectory(owned.resolve("below"));
        Files.setPosixFilePermissions(below, PosixFilePermissions.fromString("rwxr-xr-x"));
        refused = assertThrows(IOException.class, () -> start(below.resolve("s")));
        assertTrue(refused.getMessage().contains("parent directory " + owned), refused.getMessage());
    }

    @Test
    void theSocketGetsTheModeAndGroupAskedForAndIsKeptOnClose() throws Exception {
        Path socket = base.resolve("helper.sock");
        try (HelperServer server = HelperServer.builder(new EchoHandler()).socketPath(socket)
                .socketMode(0660).socketGroup(CLIENT_GROUP).start()) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)));
            assertEquals(CLIENT_GROUP, Files.getAttribute(socket, "unix:gid"));
            assertEquals(0, Files.getAttribute(socket, "unix:uid"));
            // a member of the group gets in; another unprivileged uid does not
            var member = fixture.python(HelperTransportFixture.as(CLIENT, CLIENT, CLIENT_GROUP),
                    "call", socket.toString(), EchoHandler.INTERFACE + ".Who");
            assertEquals(CLIENT, member.get("reply").get("parameters").get("atConnect")
                    .get("uid").asInt());
            Process outsider = fixture.startPython(HelperTransportFixture.as(OUTSIDER, OUTSIDER),
                    "call", socket.toString(), EchoHandler.INTERFACE + ".Who");
            outsider.getOutputStream().close();
            assertTrue(outsider.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, outsider.exitValue(), "PermissionError for a uid outside the group");
        }
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "close() unlinks nothing");
        IOException stale = assertThrows(IOException.class, () -> start(socket));
        assertTrue(stale.getMessage().contains("remove it yourself"), stale.getMessage());
    }

    private static void start(Path socket) throws IOException {
        HelperServer.builder(new EchoHandler()).socketPath(socket).socketMode(0666).start().close();
    }

    /** Opens the directory to everyone, runs {@code command} as the attacker, closes it again. */
    private void asAttackerInOpenedDirectory(String... command) throws Exception {
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            List<String> full = new ArrayList<>(HelperTransportFixture.as(ATTACKER, ATTACKER));
            full.addAll(List.of(command));
            Process process = new ProcessBuilder(full).inheritIO().start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), String.join(" ", full));
        } finally {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
