/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.caps4j.helper.Reply;
import org.caps4j.helper.RequestHandler;

/**
 * Serves one connection on its own platform thread: reads NUL-terminated messages into a
 * buffer capped at the frame limit, answers {@code org.varlink.service.GetInfo} itself and
 * passes every other well-formed call to the handler, in order, one at a time.
 *
 * <p>The connection is closed at end of stream, after the idle or frame timeout, after a reply
 * cannot be written in time, and after any message that is not a well-formed call (it gets one
 * generic error reply first): a client that breaks the protocol once is not trusted to frame
 * the next message right.
 */
final class ConnectionWorker implements Runnable {
    private static final System.Logger LOG = System.getLogger("org.caps4j.helper");
    private static final int WRITE_CHUNK = 16 * 1024;

    private final UnixConnection socket;
    private final KernelPeer peer;
    private final RequestHandler handler;
    private final VarlinkCodec codec;
    private final TransportConfig config;
    private final Runnable onEnd;
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_CHUNK);

    ConnectionWorker(UnixConnection socket, KernelPeer peer, RequestHandler handler,
            VarlinkCodec codec, TransportConfig config, Runnable onEnd) {
        this.socket = socket;
        this.peer = peer;
        this.handler = handler;
        this.codec = codec;
        this.config = config;
        this.onEnd = onEnd;
    }

    /** Wakes the worker (from any thread); it then closes the connection. */
    void shutdown() {
        socket.shutdown();
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection of " + peer.atConnect() + " ended: "
                    + e.getMessage());
        } finally {
            peer.release();
            socket.close();
            onEnd.run();
        }
    }

    private void serve() throws IOException {
        FrameBuffer frames = new FrameBuffer(config.maxFrameBytes());
        long idleDeadline = System.nanoTime() + millis(config.idleMillis());
        long frameDeadline = Long.MAX_VALUE;
        for (;;) {
            byte[] frame;
            while ((frame = frames.nextFrame()) != null) {
                if (!answer(frame)) {
                    return;
                }
                idleDeadline = System.nanoTime() + millis(config.idleMillis());
                frameDeadline = frames.isEmpty() ? Long.MAX_VALUE
                        : System.nanoTime() + millis(config.frameMillis());
            }
            if (frames.isFullWithoutFrame()) {
                // Refused at the cap: nothing past it is read, let alone buffered. The client
                // can read this reply; after it the kernel reports ECONNRESET (we close with its
                // bytes unread), which is the truth.
                ObjectNode params = JsonNodeFactory.instance.objectNode();
                params.put("maxBytes", config.maxFrameBytes());
                send(new Reply(VarlinkCodec.FRAME_TOO_LARGE, params));
                return;
            }
            long deadline = Math.min(idleDeadline, frameDeadline);
            long waitMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (waitMillis <= 0) {
                return; // idle, or a message that did not arrive in time
            }
            boolean wasEmpty = frames.isEmpty();
            int n = socket.read(frames.readTarget(), (int) Math.min(waitMillis, Integer.MAX_VALUE));
            if (n == 0) {
                return; // end of stream (or close() shut the connection down)
            }
            if (n > 0 && wasEmpty) {
                frameDeadline = System.nanoTime() + millis(config.frameMillis());
            }
        }
    }

    /** Answers one message; false if the connection must close after it. */
    private boolean answer(byte[] frame) throws IOException {
        VarlinkCodec.Decoded decoded = codec.decodeRequest(frame, frame.length);
        if (decoded.error() != null) {
            send(decoded.error());
            return false;
        }
        VarlinkCodec.Request request = decoded.request();
        Reply reply = request.method().equals(TransportConfig.GET_INFO) ? getInfo() : handle(request);
        if (!request.oneway()) {
            send(reply);
        }
        return true;
    }

    private Reply handle(VarlinkCodec.Request request) {
        try {
            Reply reply = handler.handle(peer, request.method(), request.parameters());
            if (reply != null) {
                return reply;
            }
            LOG.log(System.Logger.Level.WARNING, "handler returned no reply for " + request.method());
        } catch (RuntimeException e) {
            // Logged here, never sent: the client learns only that it failed.
            LOG.log(System.Logger.Level.WARNING, "handler failed on " + request.method(), e);
        }
        return Reply.error(VarlinkCodec.INTERNAL_ERROR);
    }

    private Reply getInfo() {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("vendor", "caps4j");
        info.put("product", config.product());
        info.put("version", config.version());
        info.put("url", config.url());
        var interfaces = info.putArray("interfaces");
        TransportConfig.interfaces(handler.interfaces()).forEach(interfaces::add);
        return Reply.ok(info);
    }

    private void send(Reply reply) throws IOException {
        byte[] bytes = codec.encodeReply(reply);
        for (int offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
            writeBuffer.clear();
            writeBuffer.put(bytes, offset, Math.min(WRITE_CHUNK, bytes.length - offset)).flip();
            socket.writeFully(writeBuffer, config.writeMillis());
        }
    }

    private static long millis(int value) {
        return value * 1_000_000L;
    }
}
