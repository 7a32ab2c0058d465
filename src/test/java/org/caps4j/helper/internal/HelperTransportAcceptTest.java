/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The accept itself: on Linux 6.5 and newer the pidfd is the kernel's SO_PEERPIDFD (not the
 * weaker pidfd_open fallback) and names the connecting process; an accept with nobody
 * connecting times out instead of blocking.
 */
class HelperTransportAcceptTest {
    @Test
    void theAcceptedPidfdIsTheKernelsAndNamesTheClient() throws Exception {
        Privileged.requireRoot();
        Path directory = Path.of("/run", "caps4j-accept-test-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36));
        Files.createDirectory(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path path = directory.resolve("s");
        try (ListeningSocket socket = ListeningSocket.create(path, 0600, -1)) {
            long start = System.nanoTime();
            assertEquals(Optional.empty(), socket.accept(300));
            assertTrue(System.nanoTime() - start >= 250_000_000L, "waited for the timeout");
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(path));
                AcceptedConnection accepted = socket.accept(5_000).orElseThrow();
                try {
                    long pid = ProcessHandle.current().pid();
                    assertEquals(pid, accepted.credentials().pid());
                    assertEquals(0, accepted.credentials().uid());
                    String fdinfo = Files.readString(Path.of("/proc/self/fdinfo/"
                            + accepted.pidfd()));
                    assertTrue(fdinfo.contains("\nPid:\t" + pid + "\n"), fdinfo);
                    String[] release = System.getProperty("os.version").split("[.-]");
                    int major = Integer.parseInt(release[0]), minor = Integer.parseInt(release[1]);
                    if (major > 6 || (major == 6 && minor >= 5)) {
                        assertTrue(accepted.pidfdFromPeer(), "SO_PEERPIDFD on Linux "
                                + System.getProperty("os.version"));
                    }
                } finally {
                    accepted.socket().close();
                    org.caps4j.internal.Natives.shim().close(accepted.pidfd());
                }
            }
        } finally {
            Files.deleteIfExists(path);
            Files.delete(directory);
        }
    }
}
