/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the in-process helper tests share: peers with chosen credentials, an audit sink that
 * keeps the lines, and JSON parameters from text.
 */
final class HelperOpsFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    private HelperOpsFixture() {}

    /** A peer whose {@code now()} is scripted; counts how often it was asked. */
    static final class TestPeer implements Peer {
        final PeerCredentials atConnect;
        private final PeerCredentials now;
        final AtomicInteger nowCalls = new AtomicInteger();

        TestPeer(PeerCredentials atConnect, PeerCredentials now) {
            this.atConnect = atConnect;
            this.now = now;
        }

        @Override
        public PeerCredentials atConnect() {
            return atConnect;
        }

        @Override
        public PeerCredentials now() throws IOException {
            nowCalls.incrementAndGet();
            if (now == null) {
                throw new IOException("the process has exited");
            }
            return now;
        }
    }

    /** A peer that is still what it was at connect time. */
    static TestPeer peer(int uid, int gid, int... groups) {
        PeerCredentials credentials = new PeerCredentials(uid, gid, 4242, groups);
        return new TestPeer(credentials, credentials);
    }

    static ObjectNode params(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Audit lines, as the service wrote them. */
    static final class Audit {
        final List<String> lines = new CopyOnWriteArrayList<>();

        String last() {
            return lines.get(lines.size() - 1);
        }
    }

    static String text(Reply reply) {
        try {
            return JSON.writeValueAsString(reply);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
