/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * H7 at the transport: what is not a well-formed call gets one generic error, exactly as
 * written below (so no stack trace, class name, path or parser message can be in it), and the
 * connection is closed; well-formed calls reach the handler in order, GetInfo is answered by the
 * transport, oneway calls get no reply, and the frame limits hold.
 */
class HelperTransportProtocolTest {
    private static final String INVALID_REQUEST =
            "{\"error\":\"org.caps4j.helper.InvalidRequest\",\"parameters\":{}}";
    private static final String INVALID_METHOD = "{\"error\":\"org.varlink.service."
            + "InvalidParameter\",\"parameters\":{\"parameter\":\"method\"}}";
    private static final int MAX_FRAME = 1024;

    private HelperTransportFixture fixture;
    private EchoHandler handler;
    private HelperServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        fixture = new HelperTransportFixture();
        handler = new EchoHandler();
        socket = fixture.directory.resolve("helper.sock");
        server = HelperServer.builder(handler).socketPath(socket).maxFrameBytes(MAX_FRAME)
                .frameTimeout(Duration.ofSeconds(1)).info("test helper", "1.2", "https://example.org")
                .start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        fixture.close();
    }

    @Test
    void malformedMessagesGetAGenericErrorAndTheConnectionCloses() throws IOException {
        String getInfo = "{\"method\":\"org.varlink.service.GetInfo\"}\0";
        List<String> malformed = List.of("{not json", "[1,2]", "\"a string\"", "42", "null", "",
                "{\"method\":\"x\"} trailing", "{\"method\":\"a\",\"method\":\"b\"}",
                "{\"method\":\"x\",\"parameters\":" + "[".repeat(100) + "]".repeat(100) + "}");
        for (String message : malformed) {
            // the GetInfo after it is never answered: the connection closes after the error
            assertEquals(List.of(INVALID_REQUEST), exchange(message + "\0" + getInfo), message);
        }
        for (String message : List.of("{}", "{\"method\":5}", "{\"method\":null}",
                "{\"parameters\":{}}", "{\"method\":[\"org.varlink.service.GetInfo\"]}")) {
            assertEquals(List.of(INVALID_METHOD), exchange(message + "\0" + getInfo), message);
        }
        assertEquals(List.of("{\"error\":\"org.varlink.service.InvalidParameter\",\"parameters\":"
                + "{\"parameter\":\"parameters\"}}"),
                exchange("{\"method\":\"org.caps4j.test.Echo.X\",\"parameters\":[1]}\0"));
        assertEquals(List.of("{\"error\":\"org.varlink.service.InvalidParameter\",\"parameters\":"
                + "{\"parameter\":\"upgrade\"}}"),
                exchange("{\"method\":\"org.caps4j.test.Echo.X\",\"upgrade\":true}\0"));
        assertTrue(handler.peers.isEmpty(), "nothing malformed reached the handler");
    }

    @Test
    void aFailingHandlerLeaksNothingAndTheConnectionGoesOn() throws IOException {
        List<String> replies = exchange("{\"method\":\"org.caps4j.test.Echo.Fail\"}\0"
                + "{\"method\":\"org.caps4j.test.Echo.After\"}\0");
        assertEquals(2, replies.size(), replies.toString());
        assertEquals("{\"error\":\"org.caps4j.helper.InternalError\",\"parameters\":{}}",
                replies.get(0));
        assertFalse(String.join("", replies).contains(EchoHandler.SECRET));
        assertEquals("org.caps4j.test.Echo.After",
                HelperTransportFixture.JSON.readTree(replies.get(1)).get("parameters")
                        .get("method").asText());
    }

    @Test
    void onewayCallsAreHandledWithoutReplyAndPipelinedCallsInOrder() throws IOException {
        List<String> replies = exchange("{\"method\":\"org.caps4j.test.Echo.A\",\"oneway\":true}\0"
                + "{\"method\":\"org.caps4j.test.Echo.B\",\"parameters\":{\"n\":1}}\0"
                + "{\"method\":\"com.example.Other.C\"}\0");
        assertEquals(2, replies.size(), replies.toString());
        JsonNode b = HelperTransportFixture.JSON.readTree(replies.get(0));
        assertEquals("org.caps4j.test.Echo.B", b.get("parameters").get("method").asText());
        assertEquals(1, b.get("parameters").get("parameters").get("n").asInt());
        assertEquals("{\"error\":\"org.varlink.service.MethodNotFound\",\"parameters\":"
                + "{\"method\":\"com.example.Other.C\"}}", replies.get(1));
        assertEquals(3, handler.peers.size(), "the oneway call was handled too");
    }

    @Test
    void getInfoIsAnsweredByTheTransport() throws IOException {
        try (HelperClient client = HelperClient.connect(socket)) {
            Reply info = client.call("org.varlink.service.GetInfo", null);
            assertFalse(info.isError());
            assertEquals("{\"vendor\":\"caps4j\",\"product\":\"test helper\",\"version\":\"1.2\","
                    + "\"url\":\"https://example.org\",\"interfaces\":[\"org.varlink.service\","
                    + "\"org.caps4j.test.Echo\"]}", info.parameters().toString());
            // the same connection serves the next call
            Reply echo = client.call("org.caps4j.test.Echo.Ping", null);
            assertEquals(0, echo.parameters().get("atConnect").get("uid").asInt());
        }
        assertTrue(handler.peers.size() == 1, "GetInfo did not reach the handler");
    }

    @Test
    void aFrameLongerThanTheLimitIsRefusedAtTheLimit() throws IOException {
        String big = "{\"method\":\"org.caps4j.test.Echo.X\",\"parameters\":{\"s\":\""
                + "x".repeat(MAX_FRAME) + "\"}}\0";
        assertEquals(List.of("{\"error\":\"org.caps4j.helper.FrameTooLarge\",\"parameters\":"
                + "{\"maxBytes\":" + MAX_FRAME + "}}"), exchange(big));
        // exactly at the limit (NUL included) is still fine
        String prefix = "{\"method\":\"org.caps4j.test.Echo.X\",\"parameters\":{\"s\":\"";
        String fits = prefix + "y".repeat(MAX_FRAME - prefix.length() - 4) + "\"}}\0";
        assertEquals(MAX_FRAME, fits.length());
        assertEquals(1, exchange(fits).size());
        assertTrue(handler.peers.size() == 1);
    }

    @Test
    void aFrameThatDoesNotCompleteInTimeClosesTheConnection() throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("{\"method\":".getBytes(StandardCharsets.UTF_8)));
            long start = System.nanoTime();
            assertEquals(-1, channel.read(ByteBuffer.allocate(16)), "closed without a reply");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 900 && millis < 5_000, "closed after " + millis + " ms");
        }
    }

    @Test
    void aMessageArrivingInPiecesIsReassembled() throws Exception {
        // each piece lands behind the previous one in the frame buffer (both backends pass the
        // buffer's position to the native read)
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            String message = "{\"method\":\"org.caps4j.test.Echo.Pieces\",\"parameters\":"
                    + "{\"text\":\"" + "abcdefghij".repeat(50) + "\"}}\0";
            for (int i = 0; i < message.length(); i += 97) {
                String piece = message.substring(i, Math.min(message.length(), i + 97));
                channel.write(ByteBuffer.wrap(piece.getBytes(StandardCharsets.UTF_8)));
                Thread.sleep(20);
            }
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (in.position() == 0 || in.get(in.position() - 1) != 0) {
                assertTrue(channel.read(in) > 0);
            }
            JsonNode reply = HelperTransportFixture.JSON.readTree(
                    new String(in.array(), 0, in.position() - 1, StandardCharsets.UTF_8));
            assertEquals("abcdefghij".repeat(50),
                    reply.get("parameters").get("parameters").get("text").asText(), reply.toString());
        }
    }

    /** Sends {@code text} in one write, half-closes, returns every reply until the server closes. */
    private List<String> exchange(String text) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.shutdownOutput();
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            try {
                while (channel.read(in.clear()) >= 0) {
                    received.write(in.array(), 0, in.position());
                }
            } catch (java.net.SocketException reset) {
                // After a refused frame the server closes with the client's bytes unread; the
                // kernel then reports ECONNRESET to the client once it has read every reply.
                assertEquals("Connection reset", reset.getMessage());
            }
            List<String> replies = new ArrayList<>();
            String all = received.toString(StandardCharsets.UTF_8);
            assertTrue(all.isEmpty() || all.endsWith("\0"), "every reply ends with NUL: " + all);
            for (String reply : all.split("\0")) {
                if (!reply.isEmpty()) {
                    replies.add(reply);
                }
            }
            return replies;
        }
    }
}
