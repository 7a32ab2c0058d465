/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.testing.ProcTasks;

/**
 * H8's child JVM: a helper with real operations enters its service state (from root, or as the
 * service user holding ambient capabilities), then serves calls in-process while the parent
 * test watches {@code /proc/PID/task}. {@code ReadSecret} (after reading) and
 * {@code HoldLowPort} (after binding a port below 1024) run at the same time and block until
 * the parent writes a line to stdin. Prints {@code key=value} lines; {@code blocked.tid=N} and
 * {@code blocked2.tid=N} say each worker is inside its body.
 *
 * <p>Arguments: uid gid secret-directory.
 */
public final class HelperOpsServiceMain {
    private static final String CENSUS = "census";
    private static final AtomicReference<String> WORKER = new AtomicReference<>();
    private static final AtomicReference<String> WORKER2 = new AtomicReference<>();
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private HelperOpsServiceMain() {}

    public static void main(String[] args) throws Exception {
        int uid = Integer.parseInt(args[0]);
        int gid = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        CapabilitySet read = CapabilitySet.of(Capability.DAC_READ_SEARCH);
        HelperService service = HelperService.builder("org.example.Helper")
                .operation(Operation.named("ReadSecret").parameter(Parameter.path("file", dir))
                        .capabilities(read).allowUsers(1000)
                        .body(a -> {
                            String text = Files.readString(a.path("file"));
                            WORKER.set(Files.readSymbolicLink(Path.of("/proc/thread-self"))
                                    .getFileName().toString());
                            say("blocked.tid=" + WORKER.get());
                            RELEASE.await();
                            return JsonNodeFactory.instance.objectNode().put("text", text);
                        }).build())
                .operation(Operation.named("ReadWithoutCaps").parameter(Parameter.path("file", dir))
                        .allowUsers(1000)
                        .body(a -> JsonNodeFactory.instance.objectNode()
                                .put("text", Files.readString(a.path("file")))).build())
                .operation(Operation.named("CatSecret").parameter(Parameter.path("file", dir))
                        .capabilities(read).allowUsers(1000)
                        .program(Program.of(Path.of("/usr/bin/cat"), "{file}")).build())
                .operation(Operation.named("CatWithoutCaps").parameter(Parameter.path("file", dir))
                        .allowUsers(1000)
                        .program(Program.of(Path.of("/usr/bin/cat"), "{file}")).build())
                .operation(Operation.named("ShowCaps").capabilities(read).allowUsers(1000)
                        .program(Program.of(Path.of("/usr/bin/grep"), "^Cap", "/proc/self/status"))
                        .build())
                .operation(Operation.named("HoldLowPort")
                        .capabilities(CapabilitySet.of(Capability.NET_BIND_SERVICE))
                        .allowUsers(1000)
                        .body(a -> {
                            try (ServerSocket socket = bindLowPort()) {
                                WORKER2.set(Files.readSymbolicLink(Path.of("/proc/thread-self"))
                                        .getFileName().toString());
                                say("blocked2.tid=" + WORKER2.get());
                                RELEASE.await();
                                return JsonNodeFactory.instance.objectNode()
                                        .put("port", socket.getLocalPort());
                            }
                        }).build())
                .operation(Operation.named("BindLowPort")
                        .parameter(Parameter.integer("port", 1, 1023))
                        .capabilities(CapabilitySet.of(Capability.NET_BIND_SERVICE))
                        .allowUsers(1000)
                        .body(a -> {
                            try (ServerSocket socket = new ServerSocket()) {
                                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                                        (int) a.integer("port")));
                            }
                            return JsonNodeFactory.instance.objectNode();
                        }).build())
                .auditTo(line -> say("audit=" + line))
                .build();
        say("union=" + service.capabilities());
        service.enterServiceState(uid, gid);
        ProcTasks.print("rest", "CapEff", "CapPrm", "CapInh", "CapAmb", "Uid");
        try {
            Files.readString(dir.resolve("secret"));
            say("main.read=ok");
        } catch (java.io.IOException e) {
            say("main.read=" + e.getClass().getSimpleName());
        }
        HelperOpsFixture.TestPeer peer = HelperOpsFixture.peer(1000, 1000);
        ObjectNode file = JsonNodeFactory.instance.objectNode().put("file", "secret");
        say("without=" + service.handle(peer, "org.example.Helper.ReadWithoutCaps", file).error());
        // two calls at once, each blocked inside its body until the parent has looked
        Reply[] replies = new Reply[2];
        Thread first = new Thread(() -> replies[0] = service.handle(peer,
                "org.example.Helper.ReadSecret", file), "client-1");
        Thread second = new Thread(() -> replies[1] = service.handle(peer,
                "org.example.Helper.HoldLowPort", JsonNodeFactory.instance.objectNode()),
                "client-2");
        first.start();
        second.start();
        say("released=" + stdin.readLine());
        RELEASE.countDown();
        first.join();
        second.join();
        Reply reply = replies[0];
        say("hold.error=" + replies[1].error());
        say("hold.port=" + replies[1].parameters().path("port").asText());
        say("after.worker2.CapEff=" + capEff(WORKER2.get()));
        say("read.error=" + reply.error());
        say("read.text=" + reply.parameters().path("text").asText());
        say("after.worker.CapEff=" + capEff(WORKER.get()));
        ProcTasks.print("after", "CapEff", "CapPrm", "CapInh", "CapAmb");
        printRaised("after");
        Reply cat = service.handle(peer, "org.example.Helper.CatSecret", file);
        say("cat.error=" + cat.error());
        say("cat.output=" + cat.parameters().path("output").asText().strip());
        say("catWithout.error=" + service.handle(peer, "org.example.Helper.CatWithoutCaps", file)
                .error());
        Reply caps = service.handle(peer, "org.example.Helper.ShowCaps",
                JsonNodeFactory.instance.objectNode());
        say("showcaps.error=" + caps.error());
        say("showcaps=" + caps.parameters().path("output").asText().strip().replaceAll("\\s+", " "));
        ProcTasks.print("end", "CapEff", "CapPrm", "CapInh", "CapAmb");
        printRaised("end");
        service.close();
        say("done=" + CENSUS);
    }

    /** A free port below 1024 on 127.0.0.1 (needs cap_net_bind_service). */
    private static ServerSocket bindLowPort() throws java.io.IOException {
        for (int port = 600; port < 1000; port++) {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return socket;
            } catch (java.net.BindException e) {
                socket.close();
                if (!String.valueOf(e.getMessage()).contains("in use")) {
                    throw e;
                }
            }
        }
        throw new java.io.IOException("no free port in 600..999");
    }

    /** Names the threads with a non-empty effective set, for failure messages. */
    private static void printRaised(String label) {
        for (java.util.Map<String, String> task : ProcTasks.read()) {
            if (!task.get("CapEff").equals("0000000000000000")) {
                say(label + ".raised." + task.get("Tid") + "=" + task.get("Name"));
            }
        }
    }

    private static String capEff(String tid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/task", tid, "status"))) {
            if (line.startsWith("CapEff:")) {
                return line.substring(7).strip();
            }
        }
        return "missing";
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
