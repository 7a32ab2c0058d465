/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.caps4j.helper.internal.VarlinkCodec;

/**
 * A minimal Varlink client for a {@link HelperServer}: one connection, one call at a time.
 * Plain JDK sockets (no native code), so it runs in any unprivileged program.
 *
 * <pre>{@code
 * try (HelperClient client = HelperClient.connect(Path.of("/run/myhelper/socket"))) {
 *     Reply info = client.call("org.varlink.service.GetInfo", null);
 * }
 * }</pre>
 */
public final class HelperClient implements AutoCloseable {
    /** The longest reply accepted (16 MiB); a longer one fails the call. */
    public static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    private final SocketChannel channel;
    private final VarlinkCodec codec = new VarlinkCodec(MAX_REPLY_BYTES);
    private final ByteBuffer readBuffer = ByteBuffer.allocate(8192);
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private HelperClient(SocketChannel channel) {
        this.channel = channel;
        readBuffer.flip();
    }

    /**
     * Connects to the helper's socket.
     *
     * @param socket the socket's path
     * @return a connected client
     * @throws IOException if the connection fails (no such socket, permission denied, refused)
     */
    public static HelperClient connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new HelperClient(channel);
    }

    /**
     * Calls {@code method} and waits for its reply.
     *
     * @param method the fully qualified method, e.g. {@code org.varlink.service.GetInfo}
     * @param parameters its parameters, or {@code null} for none
     * @return the reply (an error reply is returned, not thrown)
     * @throws IOException if the connection fails or closes before a reply arrives
     */
    public Reply call(String method, ObjectNode parameters) throws IOException {
        write(codec.encodeCall(method, parameters, false));
        byte[] frame = readFrame();
        return codec.decodeReply(frame, frame.length);
    }

    /**
     * Sends {@code method} with {@code "oneway": true}: the server sends no reply.
     *
     * @param method the fully qualified method
     * @param parameters its parameters, or {@code null} for none
     * @throws IOException if the connection fails
     */
    public void callOneway(String method, ObjectNode parameters) throws IOException {
        write(codec.encodeCall(method, parameters, true));
    }

    private void write(byte[] message) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(message);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private byte[] readFrame() throws IOException {
        for (;;) {
            while (readBuffer.hasRemaining()) {
                byte b = readBuffer.get();
                if (b == 0) {
                    byte[] frame = pending.toByteArray();
                    pending.reset();
                    return frame;
                }
                if (pending.size() >= MAX_REPLY_BYTES) {
                    throw new IOException("reply longer than " + MAX_REPLY_BYTES + " bytes");
                }
                pending.write(b);
            }
            readBuffer.clear();
            int n = channel.read(readBuffer);
            readBuffer.flip();
            if (n < 0) {
                throw new EOFException("the helper closed the connection before replying");
            }
        }
    }

    /** Closes the connection. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
