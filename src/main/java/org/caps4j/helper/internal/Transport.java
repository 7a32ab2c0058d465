/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.caps4j.helper.RequestHandler;
import org.caps4j.internal.NativeShim;
import org.caps4j.internal.Natives;

/**
 * A running transport: one platform thread accepts, one platform thread per admitted
 * connection serves it. Platform threads, not virtual ones: reads block in native code, which
 * would pin a virtual thread's carrier for as long as a client stays idle.
 */
public final class Transport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.caps4j.helper");
    /** How often the accept loop looks whether it was closed. */
    private static final int ACCEPT_POLL_MILLIS = 200;
    private static final long JOIN_MILLIS = 5_000;

    private final ListeningSocket socket;
    private final RequestHandler handler;
    private final TransportConfig config;
    private final VarlinkCodec codec;
    private final NativeShim shim;
    private final ConnectionLimits limits;
    private final Set<Thread> threads = new HashSet<>();
    private final Set<ConnectionWorker> workers = new HashSet<>();
    private final Thread acceptThread;
    private volatile boolean closed;
    private int connectionNumber;

    private Transport(ListeningSocket socket, RequestHandler handler, TransportConfig config) {
        this.socket = socket;
        this.handler = handler;
        this.config = config;
        this.codec = new VarlinkCodec(config.maxFrameBytes());
        this.shim = Natives.shim(); // loaded already: the socket could not exist without it
        this.limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerUid());
        this.acceptThread = new Thread(this::acceptLoop, "caps4j-helper-accept");
        acceptThread.setDaemon(true);
    }

    /** Starts accepting on {@code socket}, which this transport now owns. */
    public static Transport start(ListeningSocket socket, RequestHandler handler,
            TransportConfig config) {
        Transport transport = new Transport(socket, handler, config);
        transport.acceptThread.start();
        return transport;
    }

    /** The socket's path, or empty for a socket systemd passed. */
    public Optional<java.nio.file.Path> path() {
        return socket.path();
    }

    /** Connections admitted and not yet closed. */
    public int openConnections() {
        return limits.total();
    }

    private void acceptLoop() {
        while (!closed) {
            Optional<AcceptedConnection> accepted;
            try {
                accepted = socket.accept(ACCEPT_POLL_MILLIS);
            } catch (IOException | RuntimeException e) {
                // EMFILE and the like: keep serving the connections we have, try again shortly.
                LOG.log(System.Logger.Level.WARNING, e.getMessage());
                sleepQuietly(100);
                continue;
            }
            accepted.ifPresent(this::admit);
        }
    }

    private void admit(AcceptedConnection accepted) {
        int uid = accepted.credentials().uid();
        KernelPeer peer = new KernelPeer(shim, accepted);
        if (closed || !limits.tryAdmit(uid)) {
            // Over a cap: closed at once, so idle connections cost the server nothing.
            peer.release();
            accepted.socket().close();
            return;
        }
        ConnectionWorker[] self = new ConnectionWorker[1];
        Thread[] thread = new Thread[1];
        ConnectionWorker worker = new ConnectionWorker(accepted.socket(), peer, handler, codec,
                config, () -> finished(uid, self[0], thread[0]));
        self[0] = worker;
        synchronized (this) {
            thread[0] = new Thread(worker, "caps4j-helper-connection-" + ++connectionNumber);
            thread[0].setDaemon(true);
            workers.add(worker);
            threads.add(thread[0]);
        }
        thread[0].start();
    }

    private void finished(int uid, ConnectionWorker worker, Thread thread) {
        limits.release(uid);
        synchronized (this) {
            workers.remove(worker);
            threads.remove(thread);
        }
    }

    /** Stops accepting, shuts every connection down and waits (a while) for their threads. */
    @Override
    public void close() {
        closed = true;
        // The accept loop first: once it has ended, every connection it admitted is in workers.
        joinQuietly(acceptThread);
        socket.close();
        Set<Thread> running;
        synchronized (this) {
            workers.forEach(ConnectionWorker::shutdown);
            running = new HashSet<>(threads);
        }
        running.forEach(Transport::joinQuietly);
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
