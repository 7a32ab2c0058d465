/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The connection caps, total and per uid: a connection beyond a cap is closed at once (its
 * first call sees end of stream), a slot freed is usable again, and another uid is not counted
 * against the first; {@link HelperServer#close()} ends open connections.
 */
class HelperTransportConnectionCapTest {
    @Test
    void perUidAndTotalCapsAndClose() throws Exception {
        try (HelperTransportFixture fixture = new HelperTransportFixture()) {
            Path socket = fixture.directory.resolve("helper.sock");
            HelperServer server = HelperServer.builder(new EchoHandler()).socketPath(socket)
                    .socketMode(0666).maxConnectionsPerUid(2).maxConnections(3).start();
            try (HelperClient first = HelperClient.connect(socket);
                    HelperClient second = HelperClient.connect(socket)) {
                assertFalse(first.call("org.varlink.service.GetInfo", null).isError());
                assertFalse(second.call("org.varlink.service.GetInfo", null).isError());
                // (end of stream, or a broken pipe if the close came before the write)
                try (HelperClient third = HelperClient.connect(socket)) {
                    assertThrows(IOException.class,
                            () -> third.call("org.varlink.service.GetInfo", null),
                            "a third connection of uid 0 is closed at once");
                }
                // another uid still gets in (total 3)
                JsonNode other = fixture.python(HelperTransportFixture.as(64501, 64501), "call",
                        socket.toString(), EchoHandler.INTERFACE + ".Who");
                assertEquals(64501, other.get("reply").get("parameters").get("atConnect")
                        .get("uid").asInt(), other.toString());
                second.close();
                waitFor(server, 1);
                try (HelperClient again = HelperClient.connect(socket)) {
                    assertFalse(again.call("org.varlink.service.GetInfo", null).isError(),
                            "the freed slot is usable again");
                }
                waitFor(server, 1);
                server.close();
                assertThrows(IOException.class, () -> first.call("org.varlink.service.GetInfo",
                        null), "close() ended the open connection");
                assertEquals(0, server.openConnections());
            } finally {
                server.close();
            }
            assertThrows(IOException.class, () -> HelperClient.connect(socket),
                    "nobody accepts after close()");
        }
    }

    private static void waitFor(HelperServer server, int open) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() != open && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(open, server.openConnections());
    }
}
