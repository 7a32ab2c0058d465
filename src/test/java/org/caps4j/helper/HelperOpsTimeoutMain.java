/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;

/**
 * Child JVM (root) for {@link HelperOpsTimeoutTest}: a helper resting as uid/gid 65534 with
 * {@code cap_net_bind_service} permitted. {@code Hang} (500 ms limit) binds a low port, then
 * never returns on its own; when the parent side of this main says so, the hung body tries to
 * bind a low port again and reports what the kernel said. {@code Quick} binds a low port and
 * returns. Prints {@code key=value} lines.
 */
public final class HelperOpsTimeoutMain {
    private static final String INTERFACE = "org.example.Timeout";
    private static final CountDownLatch TRY_AGAIN = new CountDownLatch(1);
    private static final CountDownLatch TRIED = new CountDownLatch(1);
    private static volatile String hungTid = "";

    private HelperOpsTimeoutMain() {}

    public static void main(String[] args) throws Exception {
        CapabilitySet bind = CapabilitySet.of(Capability.NET_BIND_SERVICE);
        HelperService service = HelperService.builder(INTERFACE)
                .operation(Operation.named("Hang").capabilities(bind).allowUsers(1000)
                        .timeout(Duration.ofMillis(500))
                        .body(a -> {
                            hungTid = Files.readSymbolicLink(Path.of("/proc/thread-self"))
                                    .getFileName().toString();
                            say("hang.firstBind=" + tryLowPort());
                            TRY_AGAIN.await(); // past the limit: the caller has given up
                            say("hang.secondBind=" + tryLowPort());
                            TRIED.countDown();
                            new CountDownLatch(1).await(); // never returns
                            return JsonNodeFactory.instance.objectNode();
                        }).build())
                .operation(Operation.named("Quick").capabilities(bind).allowUsers(1000)
                        .body(a -> JsonNodeFactory.instance.objectNode()
                                .put("bind", tryLowPort())).build())
                .auditTo(line -> say("audit=" + line))
                .build();
        service.enterServiceState(65534, 65534);
        HelperOpsFixture.TestPeer peer = HelperOpsFixture.peer(1000, 1000);

        long start = System.nanoTime();
        Reply hang = service.handle(peer, INTERFACE + ".Hang", null);
        say("hang.error=" + hang.error());
        say("hang.millis=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        say("hung.state=" + statusField(hungTid, "State"));
        say("hung.CapEff=" + statusField(hungTid, "CapEff"));
        say("hung.CapPrm=" + statusField(hungTid, "CapPrm"));
        TRY_AGAIN.countDown();
        TRIED.await();

        Reply quick = service.handle(peer, INTERFACE + ".Quick", null);
        say("quick.error=" + quick.error());
        say("quick.bind=" + quick.parameters().path("bind").asText());
        System.exit(0); // the hung body's worker is a daemon thread that never ends
    }

    /** "ok", or the kernel's refusal, binding 127.0.0.1 on a port below 1024. */
    private static String tryLowPort() throws IOException {
        for (int port = 600; port < 1000; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return "ok";
            } catch (BindException e) {
                if (!String.valueOf(e.getMessage()).contains("in use")) {
                    return e.getMessage().replace(' ', '_');
                }
            }
        }
        return "no_free_port";
    }

    private static String statusField(String tid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/task", tid, "status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).strip().replace(' ', '_');
            }
        }
        return "missing";
    }

    private static synchronized void say(String line) {
        System.out.println(line);
    }
}
