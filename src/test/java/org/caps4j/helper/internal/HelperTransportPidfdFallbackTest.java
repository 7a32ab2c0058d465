/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.caps4j.helper.PeerCredentials;
import org.caps4j.internal.Natives;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.Seccomp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The accept's fallback for kernels before 6.5, which have no SO_PEERPIDFD: a pidfd opened with
 * pidfd_open for the pid SO_PEERCRED gave. This kernel has SO_PEERPIDFD, so the accepting
 * thread runs under a seccomp filter that makes {@code getsockopt(..., SO_PEERPIDFD, ...)} fail
 * with ENOPROTOOPT, as an older kernel does. A client still alive is named by the opened pidfd
 * and {@code now()} reads it; a client that exited before the accept gets no pidfd, and
 * {@code now()} refuses rather than read whatever process has that pid now.
 */
class HelperTransportPidfdFallbackTest {
    private static final int SO_PEERPIDFD = 77, ENOPROTOOPT = 92;

    private Path directory;
    private Path path;
    /** One thread under the filter, doing every accept; it ends with the test. */
    private ExecutorService olderKernel;

    @BeforeEach
    void setUp() throws Exception {
        Privileged.requireRoot();
        directory = Path.of("/run", "caps4j-pidfd-fallback-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36));
        Files.createDirectory(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        path = directory.resolve("s");
        olderKernel = Executors.newSingleThreadExecutor(r -> new Thread(r, "pre-6.5-accept"));
        olderKernel.submit(() -> Seccomp.failOnCurrentThread(Seccomp.Syscall.GETSOCKOPT, 2,
                SO_PEERPIDFD, ENOPROTOOPT)).get();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (olderKernel != null) {
            olderKernel.shutdownNow();
            olderKernel.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (path != null) {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    private <T> T onOlderKernel(Callable<T> work) throws Exception {
        return olderKernel.submit(work).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aLiveClientIsNamedByTheOpenedPidfd() throws Exception {
        try (ListeningSocket socket = ListeningSocket.create(path, 0600, -1);
                SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(path));
            AcceptedConnection accepted = onOlderKernel(() -> socket.accept(5_000).orElseThrow());
            KernelPeer peer = new KernelPeer(Natives.shim(), accepted);
            try {
                long pid = ProcessHandle.current().pid();
                assertFalse(accepted.pidfdFromPeer(), "SO_PEERPIDFD was refused: pidfd_open");
                assertTrue(accepted.pidfd() >= 0, "a pidfd was opened");
                String fdinfo = Files.readString(Path.of("/proc/self/fdinfo/"
                        + accepted.pidfd()));
                assertTrue(fdinfo.contains("\nPid:\t" + pid + "\n"), fdinfo);
                PeerCredentials now = peer.now();
                assertEquals(pid, now.pid());
                assertEquals(0, now.uid());
            } finally {
                peer.release();
                accepted.socket().close();
            }
        }
    }

    @Test
    void aClientThatExitedBeforeTheAcceptGetsNoPidfdAndIsNeverReadAgain() throws Exception {
        try (ListeningSocket socket = ListeningSocket.create(path, 0600, -1)) {
            // A separate process connects and exits; its connection waits in the backlog.
            Process client = new ProcessBuilder("python3", "-c", "import socket; "
                    + "socket.socket(socket.AF_UNIX).connect('" + path + "')")
                    .inheritIO().start();
            assertEquals(0, client.waitFor(), "python3 connected");
            AcceptedConnection accepted = onOlderKernel(() -> socket.accept(5_000).orElseThrow());
            KernelPeer peer = new KernelPeer(Natives.shim(), accepted);
            try {
                assertEquals(client.pid(), accepted.credentials().pid(), "SO_PEERCRED's pid");
                assertFalse(accepted.pidfdFromPeer());
                assertEquals(-1, accepted.pidfd(), "pidfd_open of an exited pid fails");
                IOException refused = assertThrows(IOException.class, peer::now);
                assertTrue(refused.getMessage().contains("cannot be confirmed"),
                        refused.getMessage());
            } finally {
                peer.release();
                accepted.socket().close();
            }
        }
    }
}
