/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A helper server with the {@link EchoHandler} in a child JVM (socket activation, memory
 * measurements). Arguments: the socket path ({@code -} for systemd's socket only), then
 * optionally the per-uid connection cap and the idle timeout in milliseconds. Prints
 * {@code READY pid=... activated=...} once it serves (or {@code FAILED message} and exits 2),
 * and closes when its standard input ends.
 */
public final class HelperTransportServerMain {
    private HelperTransportServerMain() {}

    public static void main(String[] args) throws IOException {
        HelperServer.Builder builder = HelperServer.builder(new EchoHandler()).socketMode(0666);
        if (!args[0].equals("-")) {
            builder.socketPath(Path.of(args[0]));
        }
        if (args.length > 2) {
            builder.maxConnectionsPerUid(Integer.parseInt(args[1]))
                    .idleTimeout(Duration.ofMillis(Long.parseLong(args[2])));
        }
        HelperServer server;
        try {
            server = builder.start();
        } catch (IOException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("READY pid=" + ProcessHandle.current().pid() + " activated="
                + server.socketPath().isEmpty());
        System.out.flush();
        while (System.in.read() != -1) {
            // until the test closes our stdin
        }
        server.close();
        System.out.println("CLOSED");
    }
}
