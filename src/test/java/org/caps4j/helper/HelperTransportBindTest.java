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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@code bind()} opens the socket without accepting: a client that connects before
 * {@code serve()} waits in the backlog and no call reaches the handler until then. This is
 * what lets a helper enter its service state between the two (the race
 * HelperEndToEndActivationTest once lost with {@code start()}), and a {@link HelperService}
 * is not served before it.
 */
class HelperTransportBindTest {
    @Test
    void aClientThatConnectsBeforeServeIsAnsweredOnlyAfterIt() throws Exception {
        try (HelperTransportFixture fixture = new HelperTransportFixture()) {
            Path socket = fixture.directory.resolve("helper.sock");
            EchoHandler handler = new EchoHandler();
            try (HelperServer server = HelperServer.builder(handler).socketPath(socket).bind();
                    HelperClient client = HelperClient.connect(socket)) {
                CompletableFuture<Reply> reply = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.call(EchoHandler.INTERFACE + ".Early", null);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                assertThrows(TimeoutException.class, () -> reply.get(500, TimeUnit.MILLISECONDS),
                        "answered before serve()");
                assertEquals(0, handler.peers.size(), "the handler saw a call before serve()");
                assertEquals(0, server.openConnections());
                server.serve();
                assertFalse(reply.get(10, TimeUnit.SECONDS).isError());
                assertEquals(1, handler.peers.size());
                assertThrows(IllegalStateException.class, server::serve);
            }
        }
    }

    /**
     * The order bind, enterServiceState, serve is enforced for a {@link HelperService}: this
     * JVM runs as root with a full effective set, which is what a helper has before it enters
     * its service state, so serve() and start() refuse (and start() closes what it bound).
     */
    @Test
    void aHelperServiceIsNotServedBeforeItsServiceState() throws Exception {
        try (HelperTransportFixture fixture = new HelperTransportFixture()) {
            Path socket = fixture.directory.resolve("helper.sock");
            HelperService service = HelperService.builder("org.example.Order").build();
            try (HelperServer server = HelperServer.builder(service).socketPath(socket).bind()) {
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        server::serve);
                assertTrue(refused.getMessage().contains("call enterServiceState(uid, gid) "
                        + "before serve()"), refused.getMessage());
                assertEquals(0, server.openConnections());
            }
            Files.delete(socket);
            assertThrows(IllegalStateException.class,
                    () -> HelperServer.builder(service).socketPath(socket).start());
            try (HelperClient client = HelperClient.connect(socket)) {
                throw new AssertionError("start() left a listening socket after refusing");
            } catch (IOException expected) {
                // connection refused: the socket start() bound was closed
            }
            Files.delete(socket);
        }
    }
}
