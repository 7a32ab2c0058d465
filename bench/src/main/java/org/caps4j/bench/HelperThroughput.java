/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.helper.HelperClient;
import org.caps4j.helper.HelperServer;
import org.caps4j.helper.HelperService;
import org.caps4j.helper.Operation;
import org.caps4j.helper.Reply;

/**
 * Issue 12's bench: requests per second and latency percentiles of a least-privilege helper on
 * this machine, for a no-op operation (no capability) and for one that raises
 * {@code cap_net_bind_service} in its worker's effective set for the call and lowers it after,
 * with 1 and 16 concurrent clients, each on its own connection.
 *
 * <p>Server and clients share this JVM (and the machine's cores), as a helper and a local web
 * application share a host. The server is the real thing: {@link HelperServer} on an AF_UNIX
 * socket in a private root-owned directory, {@link HelperService} in its resting state (every
 * thread uid 65534 with the union permitted and nothing effective), clients
 * {@link HelperClient}s. The clients connect while the process is still root (so the helper
 * judges them as uid 0) and the socket file is removed before the process drops to nobody,
 * which could not remove it afterwards; each connection serves every row. Run as root:
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     org.caps4j.bench.HelperThroughput [seconds per measurement]</pre>
 */
public final class HelperThroughput {
    private static final String INTERFACE = "org.caps4j.bench.Helper";
    private static final int NOBODY = 65534;
    private static final int MAX_CLIENTS = 16;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory(Path.of("/run"), "caps4j-bench-helper-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("socket");
        HelperService service = HelperService.builder(INTERFACE)
                .operation(Operation.named("Noop").allowUsers(0)
                        .body(arguments -> JsonNodeFactory.instance.objectNode()).build())
                .operation(Operation.named("RaiseNetBindService").allowUsers(0)
                        .capabilities(CapabilitySet.of(Capability.NET_BIND_SERVICE))
                        .body(arguments -> JsonNodeFactory.instance.objectNode()).build())
                .workers(16, 64)
                .auditTo(line -> { }) // the audit line's own cost is a logger's, not the helper's
                .build();
        HelperClient[] connections = new HelperClient[MAX_CLIENTS];
        try (HelperServer server = HelperServer.builder(service).socketPath(socket)
                .maxConnectionsPerUid(MAX_CLIENTS).bind()) {
            for (int c = 0; c < MAX_CLIENTS; c++) {
                connections[c] = HelperClient.connect(socket); // waits in the backlog
            }
            Files.delete(socket);
            Files.delete(dir);
            service.enterServiceState(NOBODY, NOBODY);
            server.serve();
            System.out.printf("helper resting as uid %d with P = %s; %d s per row%n", NOBODY,
                    service.capabilities(), seconds);
            for (String operation : List.of("Noop", "RaiseNetBindService")) {
                run(connections, operation, 1, 2); // warm-up: JIT, worker threads
                run(connections, operation, MAX_CLIENTS, 2);
                for (int clients : new int[] {1, MAX_CLIENTS}) {
                    Result result = run(connections, operation, clients, seconds);
                    System.out.printf("%-20s clients %2d  %8.0f req/s  p50 %7.1f us  p99 %7.1f us"
                            + "  max %8.1f us  (%d calls)%n", operation, clients,
                            result.perSecond(), result.micros(50), result.micros(99),
                            result.micros(100), result.latencies.length);
                }
            }
            for (HelperClient connection : connections) {
                connection.close();
            }
        } finally {
            service.close();
        }
    }

    private record Result(long[] latencies, long elapsedNanos) {
        double perSecond() {
            return latencies.length * 1e9 / elapsedNanos;
        }

        double micros(int percentile) {
            int index = Math.min(latencies.length - 1, latencies.length * percentile / 100);
            return latencies[index] / 1000.0;
        }
    }

    /** {@code clients} threads, each on its own connection, calling for {@code seconds}. */
    private static Result run(HelperClient[] connections, String operation, int clients,
            int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long[][] latencies = new long[clients][];
        Throwable[] failures = new Throwable[clients];
        Thread[] threads = new Thread[clients];
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads[c] = new Thread(() -> {
                try {
                    latencies[client] = callUntil(connections[client],
                            INTERFACE + "." + operation, end);
                } catch (Throwable e) {
                    failures[client] = e;
                }
            });
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        for (Throwable failure : failures) {
            if (failure != null) {
                throw new IllegalStateException("a client failed", failure);
            }
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all, elapsed);
    }

    private static long[] callUntil(HelperClient client, String method, long end)
            throws IOException {
        ObjectNode none = JsonNodeFactory.instance.objectNode();
        long[] latencies = new long[1 << 16];
        int count = 0;
        for (long now = System.nanoTime(); now < end; ) {
            Reply reply = client.call(method, none);
            long after = System.nanoTime();
            if (reply.isError()) {
                throw new IllegalStateException(method + " -> " + reply.error());
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = after - now;
            now = after;
        }
        return Arrays.copyOf(latencies, count);
    }
}
