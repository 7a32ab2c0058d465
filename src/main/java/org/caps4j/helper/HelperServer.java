/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.caps4j.helper.internal.ListeningSocket;
import org.caps4j.helper.internal.Transport;
import org.caps4j.helper.internal.TransportConfig;

/**
 * The helper's server side: a Varlink service on an AF_UNIX stream socket whose clients are
 * identified by the kernel, never by what they send.
 *
 * <p>Each message is a JSON object followed by a NUL byte. The server answers
 * {@code org.varlink.service.GetInfo} itself and passes every other well-formed call, with the
 * client's {@link Peer}, to the {@link RequestHandler}. A message that is not JSON, not an
 * object, or has no string {@code method} gets one generic error reply
 * ({@code org.caps4j.helper.InvalidRequest} or {@code org.varlink.service.InvalidParameter},
 * with no detail) and the connection is closed. {@code "oneway": true} calls get no reply.
 *
 * <p>Where the socket comes from: with systemd socket activation ({@code LISTEN_PID} is this
 * process and {@code LISTEN_FDS} at least 1), descriptor 3, which must be a listening AF_UNIX
 * stream socket; otherwise the path given to the builder. That path's directory must exist, be
 * owned by root or by this process's effective uid and not be writable by group or others, and
 * every directory above it must be root-owned and not group- or other-writable; symlinks are
 * refused, not followed. Nothing is ever unlinked: if anything exists at the path (a socket
 * left by an earlier run, a symlink) the server refuses to start and says so.
 *
 * <p>Peer identity is taken at connect time ({@code SO_PEERCRED}, {@code SO_PEERGROUPS}): a
 * client that connects as root and then changes its uid is still root for
 * {@link Peer#atConnect()}, and its new uid for {@link Peer#now()}, which re-reads
 * {@code /proc/PID/status} and confirms through the client's pidfd (SO_PEERPIDFD on Linux 6.5+,
 * else pidfd_open right after accept) that the pid was not reused.
 *
 * <p>Limits (all configurable, defaults in {@link Builder}): frame size (a longer message is
 * refused at the cap with {@code org.caps4j.helper.FrameTooLarge} and the connection closed;
 * nothing beyond the cap is buffered), total connections and connections per client uid (a
 * connection beyond either cap is closed at once), an idle timeout (no complete message for that
 * long closes the connection) and a frame timeout (a message must be complete that long after it
 * started). One platform thread accepts; each admitted connection gets its own platform thread.
 *
 * <pre>{@code
 * HelperServer server = HelperServer.builder(handler)
 *         .socketPath(Path.of("/run/myhelper/socket")).socketMode(0660).socketGroup(gid)
 *         .start();  // serves on its own threads until server.close()
 * }</pre>
 */
public final class HelperServer implements AutoCloseable {
    private final ListeningSocket socket;
    private final RequestHandler handler;
    private final TransportConfig config;
    private Transport transport; // null until serve()
    private boolean closed;

    private HelperServer(ListeningSocket socket, RequestHandler handler, TransportConfig config) {
        this.socket = socket;
        this.handler = handler;
        this.config = config;
    }

    /**
     * {@return a builder for a server that passes calls to {@code handler}}
     *
     * @param handler what answers every call but {@code org.varlink.service.GetInfo}
     */
    public static Builder builder(RequestHandler handler) {
        return new Builder(handler);
    }

    /**
     * Starts accepting connections on the socket {@link Builder#bind()} opened. Clients that
     * connected before wait in the kernel's backlog until then.
     *
     * <p>A {@link HelperService} is served only from its resting state: this refuses while the
     * calling thread still has effective capabilities (call
     * {@link HelperService#enterServiceState} first).
     *
     * @return this server
     * @throws IllegalStateException if it already serves or was closed, or if the handler is a
     *     {@link HelperService} and the calling thread's effective set is not empty
     */
    public synchronized HelperServer serve() {
        if (transport != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already serving");
        }
        if (handler instanceof HelperService service) {
            service.requireRestingState();
        }
        transport = Transport.start(socket, handler, config);
        return this;
    }

    /** {@return the socket path this server bound, or empty for a socket systemd passed} */
    public Optional<Path> socketPath() {
        return socket.path();
    }

    /** {@return the number of connections admitted and not yet closed} */
    public synchronized int openConnections() {
        return transport == null ? 0 : transport.openConnections();
    }

    /**
     * Stops accepting, shuts every connection down and waits briefly for their threads. The
     * socket file is left in place (nothing is unlinked); remove it before the next start, or
     * let systemd manage the directory ({@code RuntimeDirectory=}).
     */
    @Override
    public void close() {
        Transport running;
        synchronized (this) {
            closed = true;
            running = transport;
        }
        if (running != null) {
            running.close();
        } else {
            socket.close();
        }
    }

    /** Builds a {@link HelperServer}; every limit has a safe default. */
    public static final class Builder {
        private final RequestHandler handler;
        private Path socketPath;
        private int socketMode = 0600;
        private int socketGroup = -1;
        private int maxFrameBytes = 64 * 1024;
        private int maxConnections = 128;
        private int maxConnectionsPerUid = 8;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration frameTimeout = Duration.ofSeconds(10);
        private Duration writeTimeout = Duration.ofSeconds(10);
        private String product = "caps4j helper";
        private String version = "unknown";
        private String url = "https://github.com/caps4j/caps4j";

        private Builder(RequestHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /**
         * Where to create the socket when not socket-activated.
         *
         * @param path an absolute path inside a private directory (see {@link HelperServer})
         * @return this builder
         */
        public Builder socketPath(Path path) {
            this.socketPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * The created socket file's mode (default {@code 0600}: only the helper's uid can
         * connect). Connecting needs write permission on the socket file, so {@code 0660} with
         * {@link #socketGroup(int)} lets one client group in. Not used for a socket systemd
         * passed ({@code SocketMode=} there).
         *
         * @param mode permission bits, e.g. {@code 0660}
         * @return this builder
         */
        public Builder socketMode(int mode) {
            if (mode < 0 || mode > 0777) {
                throw new IllegalArgumentException("socket mode must be within 0..0777: " + mode);
            }
            this.socketMode = mode;
            return this;
        }

        /**
         * The created socket file's group (default: the helper's own).
         *
         * @param gid a group id
         * @return this builder
         */
        public Builder socketGroup(int gid) {
            this.socketGroup = gid;
            return this;
        }

        /**
         * The longest message, its terminating NUL included (default 64 KiB).
         *
         * @param bytes at least 64
         * @return this builder
         */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = atLeast(bytes, 64, "maxFrameBytes");
            return this;
        }

        /**
         * Open connections at most, all clients together (default 128).
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder maxConnections(int count) {
            this.maxConnections = atLeast(count, 1, "maxConnections");
            return this;
        }

        /**
         * Open connections at most for one client uid (default 8).
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder maxConnectionsPerUid(int count) {
            this.maxConnectionsPerUid = atLeast(count, 1, "maxConnectionsPerUid");
            return this;
        }

        /**
         * How long a connection may go without a complete message (default 60 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * How long a started message may take to complete (default 10 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder frameTimeout(Duration timeout) {
            this.frameTimeout = positive(timeout, "frameTimeout");
            return this;
        }

        /**
         * How long a client may leave a reply unread before its connection is closed (default 10 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = positive(timeout, "writeTimeout");
            return this;
        }

        /**
         * What {@code org.varlink.service.GetInfo} reports besides vendor {@code caps4j} and the
         * interfaces.
         *
         * @param product the product name
         * @param version its version
         * @param url its home page
         * @return this builder
         */
        public Builder info(String product, String version, String url) {
            this.product = Objects.requireNonNull(product, "product");
            this.version = Objects.requireNonNull(version, "version");
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Opens the socket (systemd's if this process was socket-activated, else a new one at
         * {@link #socketPath(Path)}) and starts serving: {@code bind().serve()}. For a helper
         * started with privileges, use {@link #bind()}, then
         * {@link HelperService#enterServiceState}, then {@link HelperServer#serve()}.
         *
         * @return the running server
         * @throws IOException if the socket cannot be used; the message says why and what to fix
         */
        public HelperServer start() throws IOException {
            HelperServer server = bind();
            try {
                return server.serve();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }

        /**
         * Opens the socket (systemd's if this process was socket-activated, else a new one at
         * {@link #socketPath(Path)}) without accepting yet; {@link HelperServer#serve()} starts.
         *
         * <p>For a helper started as root: bind while still root (a root-owned directory, a
         * socket group), then {@link HelperService#enterServiceState}, then serve, so that no
         * call can run before the process rests in its service state. A client that connects
         * in between waits in the backlog.
         *
         * @return the server, not yet accepting
         * @throws IOException if the socket cannot be used; the message says why and what to fix
         */
        public HelperServer bind() throws IOException {
            Optional<ListeningSocket> activated = ListeningSocket.fromSystemd(System.getenv());
            ListeningSocket socket;
            if (activated.isPresent()) {
                socket = activated.get();
            } else if (socketPath != null) {
                socket = ListeningSocket.create(socketPath, socketMode, socketGroup);
            } else {
                throw new IOException("not socket-activated (LISTEN_PID/LISTEN_FDS) and no"
                        + " socketPath given");
            }
            TransportConfig config = new TransportConfig(maxFrameBytes, maxConnections,
                    maxConnectionsPerUid, millis(idleTimeout), millis(frameTimeout),
                    millis(writeTimeout), product, version, url);
            return new HelperServer(socket, handler, config);
        }

        private static int atLeast(int value, int minimum, String name) {
            if (value < minimum) {
                throw new IllegalArgumentException(name + " must be at least " + minimum + ": " + value);
            }
            return value;
        }

        private static Duration positive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static int millis(Duration value) {
            return (int) Math.min(value.toMillis(), Integer.MAX_VALUE);
        }
    }
}
