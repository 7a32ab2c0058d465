/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The trivial handler the transport tests use: {@code org.caps4j.test.Echo.*} answers with the
 * method, the parameters and who the peer is (at connect time and now); {@code ...Echo.Fail}
 * throws with a message a client must never see. Every peer is kept for later checks.
 */
final class EchoHandler implements RequestHandler {
    static final String INTERFACE = "org.caps4j.test.Echo";
    static final String SECRET = "secret detail /etc/shadow";

    final List<Peer> peers = new CopyOnWriteArrayList<>();

    @Override
    public Reply handle(Peer peer, String method, ObjectNode parameters) {
        peers.add(peer);
        if (!method.startsWith(INTERFACE + ".")) {
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            params.put("method", method);
            return new Reply("org.varlink.service.MethodNotFound", params);
        }
        if (method.equals(INTERFACE + ".Fail")) {
            throw new IllegalStateException(SECRET);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("method", method);
        out.set("parameters", parameters);
        out.set("atConnect", json(peer.atConnect()));
        try {
            out.set("now", json(peer.now()));
        } catch (IOException e) {
            out.put("nowError", e.getMessage());
        }
        return Reply.ok(out);
    }

    @Override
    public List<String> interfaces() {
        return List.of(INTERFACE);
    }

    static ObjectNode json(PeerCredentials credentials) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("uid", credentials.uid());
        node.put("gid", credentials.gid());
        node.put("pid", credentials.pid());
        var groups = node.putArray("groups");
        for (int group : credentials.groups()) {
            groups.add(group);
        }
        return node;
    }
}
