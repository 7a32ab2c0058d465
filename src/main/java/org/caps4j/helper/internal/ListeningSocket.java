/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.caps4j.internal.Errno;
import org.caps4j.internal.NativeShim;
import org.caps4j.internal.Natives;

/**
 * The helper's listening AF_UNIX stream socket: either the one systemd passed (socket
 * activation) or one this process created in a checked private directory. Closing it never
 * unlinks the socket file: a later run refuses the stale path until an admin (or systemd's
 * {@code RuntimeDirectory=}) removes it.
 */
public final class ListeningSocket implements AutoCloseable {
    /** systemd passes its sockets from this descriptor on (sd_listen_fds(3)). */
    static final int SD_LISTEN_FDS_START = 3;
    /** The most supplementary groups a client may have; more and it is refused (fail closed). */
    static final int MAX_PEER_GROUPS = 1024;
    private static final int BACKLOG = 128;
    /** sizeof(sun_path) minus its terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;

    private final NativeShim shim;
    private final int fd;
    private final Optional<Path> path;
    private boolean closed;

    private ListeningSocket(NativeShim shim, int fd, Optional<Path> path) {
        this.shim = shim;
        this.fd = fd;
        this.path = path;
    }

    /**
     * Binds a new socket at {@code path} after {@link SocketDirectory#check}, with {@code mode}
     * and group {@code gid} (-1: the helper's) set before it listens.
     */
    public static ListeningSocket create(Path path, int mode, int gid) throws IOException {
        NativeShim shim = shim();
        Path directory = path.getParent();
        if (directory == null || path.getFileName() == null) {
            throw new IOException("socket path " + path + " has no directory");
        }
        SocketDirectory.check(directory, effectiveUid());
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new IOException("socket path " + path + " is longer than the " + MAX_PATH_BYTES
                    + " bytes an AF_UNIX address holds");
        }
        int fd = shim.unixListen(bytes, mode, gid, BACKLOG);
        if (fd == -Errno.EADDRINUSE) {
            throw new IOException("cannot listen on " + path + ": something already exists there"
                    + " (a socket left by an earlier run, a symlink, a file). The helper never"
                    + " removes it: if it is stale, remove it yourself, or let systemd manage"
                    + " the directory (RuntimeDirectory=)");
        }
        if (fd < 0) {
            throw new IOException("cannot listen on " + path + ": " + Errno.describe(-fd));
        }
        return new ListeningSocket(shim, fd, Optional.of(path));
    }

    /**
     * The socket systemd passed (fd 3), if {@code LISTEN_PID} is this process and
     * {@code LISTEN_FDS} is at least 1; empty if this process was not socket-activated.
     *
     * @throws IOException if systemd passed something that is not a listening AF_UNIX stream socket
     */
    public static Optional<ListeningSocket> fromSystemd(Map<String, String> environment)
            throws IOException {
        String listenPid = environment.get("LISTEN_PID");
        String listenFds = environment.get("LISTEN_FDS");
        if (listenPid == null || listenFds == null
                || !listenPid.equals(Long.toString(ProcessHandle.current().pid()))) {
            return Optional.empty();
        }
        int count;
        try {
            count = Integer.parseInt(listenFds);
        } catch (NumberFormatException e) {
            throw new IOException("LISTEN_FDS is not a number: " + listenFds);
        }
        if (count < 1) {
            return Optional.empty();
        }
        NativeShim shim = shim();
        int check = shim.unixCheckListening(SD_LISTEN_FDS_START);
        if (check < 0) {
            throw new IOException("systemd passed fd " + SD_LISTEN_FDS_START + " but it is not a"
                    + " listening AF_UNIX stream socket (" + Errno.describe(-check) + "): use"
                    + " ListenStream=/path with Accept=no in the .socket unit");
        }
        return Optional.of(new ListeningSocket(shim, SD_LISTEN_FDS_START, Optional.empty()));
    }

    /** The path this process bound, or empty for a socket systemd passed. */
    public Optional<Path> path() {
        return path;
    }

    /**
     * Waits up to {@code timeoutMillis} for one connection.
     *
     * @return the connection with its kernel credentials, or empty on timeout or for a
     *     connection refused at accept (too many groups)
     */
    public Optional<AcceptedConnection> accept(int timeoutMillis) throws IOException {
        int[] peer = new int[NativeShim.PEER_HEADER_INTS + MAX_PEER_GROUPS];
        int rc = shim.unixAccept(fd, timeoutMillis, peer);
        if (rc == -Errno.ETIMEDOUT || rc == -Errno.E2BIG || rc == -Errno.EAGAIN
                || rc == -ECONNABORTED || rc == -EINTR) {
            return Optional.empty();
        }
        if (rc < 0) {
            throw new IOException("accept failed: " + Errno.describe(-rc));
        }
        return Optional.of(AcceptedConnection.decode(shim, peer));
    }

    private static final int ECONNABORTED = 103;
    private static final int EINTR = 4;

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            shim.close(fd);
        }
    }

    /** The shim, or an IOException that says why it cannot be loaded (and how to fix it). */
    private static NativeShim shim() throws IOException {
        try {
            return Natives.shim();
        } catch (RuntimeException e) {
            throw new IOException("the helper transport needs libcaps4j: " + e.getMessage(), e);
        }
    }

    /** The effective uid of this process, from /proc/self/status. */
    static int effectiveUid() throws IOException {
        return ProcStatusIds.read(ProcessHandle.current().pid()).uid();
    }
}
