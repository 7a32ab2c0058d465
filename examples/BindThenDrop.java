/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * BindThenDrop: the classic least-privilege server start, done right in a JVM.
 *
 * Run as root (or with cap_net_bind_service, cap_setuid and cap_setgid):
 *   java --enable-native-access=ALL-UNNAMED -cp target/caps4j.jar examples/BindThenDrop.java
 *
 * It binds 127.0.0.1:80 while privileged, then becomes `nobody` keeping no capability, on
 * EVERY thread of the JVM at once (four pool threads already exist at that point), serves one
 * HTTP request on the port it kept, and shows that a pool worker can no longer bind a
 * privileged port. Expected output (thread counts vary):
 *
 *   before: uid 0, 21 threads, all identical, CapEff 000001fffeffffff
 *   bound 127.0.0.1:80
 *   after: uid 65534, 21 threads, all identical, CapEff 0000000000000000
 *   served: HTTP/1.0 200 OK (uid 65534)
 *   pool worker binding 127.0.0.1:81: Permission denied
 */
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.caps4j.CapabilitySet;
import org.caps4j.Identity;
import org.caps4j.TaskCredentials;
import org.caps4j.ThreadCensus;

public class BindThenDrop {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            run(pool);
        } catch (java.io.IOException | org.caps4j.CapabilityException e) {
            // e.g. not root, inside `unshare -Ur`, or port 80 in use: say why and exit, rather
            // than leave the pool's threads keeping the JVM alive.
            System.err.println("BindThenDrop: " + e.getMessage());
            System.exit(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(ExecutorService pool) throws Exception {
        for (int i = 0; i < 4; i++) {
            pool.submit(() -> { }).get(); // the workers exist before the drop
        }
        System.out.println("before: " + summary());

        // snippet:bind-then-drop
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80)); // privileged
        Identity.change("nobody", CapabilitySet.empty()); // every thread: nobody, no capabilities
        // end-snippet
        System.out.println("bound 127.0.0.1:80");
        System.out.println("after: " + summary());

        pool.submit(() -> serveOne(server));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), 80)) {
            client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            System.out.println("served: " + status);
        }

        String attempt = pool.submit(() -> {
            try (ServerSocket other = new ServerSocket()) {
                other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 81));
                return "bound (the drop did not reach this thread!)";
            } catch (java.io.IOException refused) {
                return refused.getMessage();
            }
        }).get();
        System.out.println("pool worker binding 127.0.0.1:81: " + attempt);
        server.close();
    }

    private static Void serveOne(ServerSocket server) throws Exception {
        try (Socket connection = server.accept()) {
            new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            long uid = ThreadCensus.take().tasks().get(0).uids().effective();
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.0 200 OK (uid " + uid + ")\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return null;
    }

    private static String summary() {
        ThreadCensus census = ThreadCensus.take();
        TaskCredentials first = census.tasks().get(0);
        return "uid " + first.uids().effective() + ", " + census.size() + " threads, "
                + (census.isUniform() ? "all identical" : "NOT uniform: " + census)
                + ", CapEff " + String.format("%016x", first.caps().effective().mask());
    }
}
