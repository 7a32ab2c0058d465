/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The peer is whoever the kernel says connected: uid, gid, supplementary groups and pid of a
 * real client process running as an unprivileged uid, with connect-time semantics (H2) and a
 * {@code now()} that refuses a pid that no longer names the client (H3).
 */
class HelperTransportPeerTest {
    private static final int UID = 64101, GID = 64102, GROUP_A = 64103, GROUP_B = 64104;

    private HelperTransportFixture fixture;
    private EchoHandler handler;
    private HelperServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        fixture = new HelperTransportFixture();
        handler = new EchoHandler();
        socket = fixture.directory.resolve("helper.sock");
        // 0666 so that the unprivileged client uids may connect at all
        server = HelperServer.builder(handler).socketPath(socket).socketMode(0666).start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        fixture.close();
    }

    @Test
    void theKernelsCredentialsOfAnUnprivilegedClient() throws Exception {
        JsonNode out = fixture.python(HelperTransportFixture.as(UID, GID, GROUP_A, GROUP_B),
                "call", socket.toString(), EchoHandler.INTERFACE + ".Who");
        JsonNode reply = out.get("reply").get("parameters");
        int pid = out.get("pid").asInt();
        for (String when : List.of("atConnect", "now")) {
            JsonNode who = reply.get(when);
            assertEquals(UID, who.get("uid").asInt(), when + ": " + reply);
            assertEquals(GID, who.get("gid").asInt(), when);
            assertEquals(pid, who.get("pid").asInt(), when);
            assertEquals(List.of(GROUP_A, GROUP_B), ints(who.get("groups")), when);
        }
    }

    @Test
    void nowFailsOnceTheClientHasExitedEvenWhenItsPidIsReusedBySameUid() throws Exception {
        // The connecting process hands its connection to a child and exits: the connection
        // stays open, the process the kernel identified at connect time is gone.
        Path release = fixture.directory.resolve("release-connection");
        Process client = fixture.startPython(HelperTransportFixture.as(UID, GID), "handoff",
                socket.toString(), release.toString());
        JsonNode out = HelperTransportFixture.readLine(client);
        try {
            assertTrue(client.waitFor(30, TimeUnit.SECONDS));
            int pid = out.get("pid").asInt();
            Peer peer = handler.peers.get(0);
            assertEquals(pid, peer.atConnect().pid());
            assertEquals(UID, out.get("reply").get("parameters").get("now").get("uid").asInt(),
                    "now() worked while the client lived: " + out);
            assertEquals(1, server.openConnections(), "the child still holds the connection");
            IOException gone = assertThrows(IOException.class, peer::now);
            assertTrue(gone.getMessage().contains("has exited"), gone.getMessage());

            // H3: a new process of the same uid gets the very same pid (as root we steer
            // ns_last_pid). /proc/PID/status then shows the same uid, yet now() refuses it: only
            // the pidfd taken at accept time knows that this is another process.
            Process reuse = fixture.startPython(List.of(), "reuse-pid", Integer.toString(pid),
                    Integer.toString(UID), Integer.toString(GID));
            try {
                JsonNode reused = HelperTransportFixture.readLine(reuse);
                assertTrue(reused.get("reused").asBoolean(), "could not get pid " + pid
                        + " again: " + reused);
                String status = Files.readString(Path.of("/proc", Integer.toString(pid), "status"));
                assertTrue(status.contains("\nUid:\t" + UID + "\t" + UID), status);
                IOException reusedPid = assertThrows(IOException.class, peer::now);
                assertTrue(reusedPid.getMessage().contains("has exited"), reusedPid.getMessage());
            } finally {
                reuse.getOutputStream().close();
                reuse.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            Files.createFile(release); // the child that holds the connection exits
        }
        Peer peer = handler.peers.get(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.openConnections());
        IOException ended = assertThrows(IOException.class, peer::now);
        assertTrue(ended.getMessage().contains("connection has ended"), ended.getMessage());
    }

    @Test
    void connectTimeCredentialsSurviveASetuidAfterConnect() throws Exception {
        // H2: the client connects as root, then becomes UID; the call comes after the drop
        JsonNode out = fixture.python(List.of(), "connect-then-drop", socket.toString(),
                Integer.toString(UID), Integer.toString(GID));
        assertEquals(UID, out.get("uid").asInt(), "the client did drop: " + out);
        JsonNode reply = out.get("reply").get("parameters");
        assertEquals(0, reply.get("atConnect").get("uid").asInt(), reply.toString());
        assertEquals(0, reply.get("atConnect").get("gid").asInt());
        assertEquals(UID, reply.get("now").get("uid").asInt(), reply.toString());
        assertEquals(GID, reply.get("now").get("gid").asInt());
        assertEquals(List.of(), ints(reply.get("now").get("groups")), "setgroups([]) seen by now()");
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new java.util.ArrayList<>();
        array.forEach(n -> values.add(n.asInt()));
        return values;
    }
}
