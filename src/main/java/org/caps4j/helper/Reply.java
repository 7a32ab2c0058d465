/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Varlink reply: either {@code {"parameters": ...}} or
 * {@code {"error": NAME, "parameters": ...}}.
 *
 * @param error the fully qualified Varlink error name, or {@code null} for success
 * @param parameters the reply's parameters (never {@code null})
 */
public record Reply(String error, ObjectNode parameters) {
    /**
     * {@return a successful reply}
     *
     * @param parameters the reply's parameters
     */
    public static Reply ok(ObjectNode parameters) {
        return new Reply(null, parameters);
    }

    /**
     * {@return an error reply with no parameters}
     *
     * @param error the fully qualified Varlink error name, e.g.
     *     {@code org.varlink.service.MethodNotFound}
     */
    public static Reply error(String error) {
        return new Reply(error, JsonNodeFactory.instance.objectNode());
    }

    /** {@return whether this reply is an error} */
    public boolean isError() {
        return error != null;
    }
}
