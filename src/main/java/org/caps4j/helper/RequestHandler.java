/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the transport calls for each well-formed request that is not one of the
 * {@code org.varlink.service} methods it answers itself.
 *
 * <p>The transport has already checked the frame size, that the message is a JSON object and
 * that {@code method} is a string; everything about the method and its parameters is the
 * handler's to check. A handler must not throw for bad input: it returns a generic error reply
 * (no stack traces or paths go to the client).
 */
public interface RequestHandler {
    /**
     * Handles one request.
     *
     * @param peer the client, as the kernel identified it
     * @param method the fully qualified Varlink method name, e.g. {@code com.example.Panel.SetHostname}
     * @param parameters the request's parameters (an empty object if the request had none)
     * @return the reply to send
     */
    Reply handle(Peer peer, String method, ObjectNode parameters);

    /** {@return the Varlink interface names this handler serves (for org.varlink.service.GetInfo)} */
    java.util.List<String> interfaces();
}
