/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@code bind()} opens the socket without accepting: a client that connects before
 * {@code serve()} waits in the backlog and no call reaches the handler until then. This is
 * what lets a helper enter its service state between the two (the race
 * HelperEndToEndActivationTest once lost with {@code start()}).
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
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
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
}
