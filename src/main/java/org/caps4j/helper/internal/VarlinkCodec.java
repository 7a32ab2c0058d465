/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.caps4j.helper.Reply;

/**
 * Varlink messages (https://varlink.org/Method-Call) to and from JSON. One message is one JSON
 * object; the NUL that ends it on the wire is the framing's business ({@link FrameBuffer}).
 * Parsing is bounded beyond the frame size: nesting depth, string and number lengths
 * ({@link StreamReadConstraints}), and duplicate keys are refused, so two readers can never
 * disagree about which {@code "method"} a message names.
 */
public final class VarlinkCodec {
    /** A message that is not JSON, or not a JSON object. */
    public static final String INVALID_REQUEST = "org.caps4j.helper.InvalidRequest";
    /** A frame longer than the limit (one not finished in time is closed without a reply). */
    public static final String FRAME_TOO_LARGE = "org.caps4j.helper.FrameTooLarge";
    /** The handler failed; the client learns nothing more. */
    public static final String INTERNAL_ERROR = "org.caps4j.helper.InternalError";
    /** Varlink's error for a bad or missing parameter; here also for {@code method}. */
    public static final String INVALID_PARAMETER = "org.varlink.service.InvalidParameter";

    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 64;

    /** A decoded call. */
    record Request(String method, ObjectNode parameters, boolean oneway) {}

    /** Either a request or the error reply for a message that is not one. */
    record Decoded(Request request, Reply error) {}

    private final ObjectMapper mapper;

    /** @param maxStringLength the longest JSON string accepted (at most the frame size) */
    public VarlinkCodec(int maxStringLength) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(maxStringLength)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Decodes one message (without its NUL). Never throws for bad input. */
    Decoded decodeRequest(byte[] frame, int length) {
        JsonNode tree;
        try {
            tree = mapper.readTree(frame, 0, length);
        } catch (IOException | RuntimeException e) {
            return error(INVALID_REQUEST);
        }
        if (tree == null || !tree.isObject()) {
            return error(INVALID_REQUEST);
        }
        JsonNode method = tree.get("method");
        if (method == null || !method.isTextual()) {
            return invalidParameter("method");
        }
        JsonNode parameters = tree.get("parameters");
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            return invalidParameter("parameters");
        }
        JsonNode oneway = tree.get("oneway");
        if (oneway != null && !oneway.isBoolean()) {
            return invalidParameter("oneway");
        }
        JsonNode upgrade = tree.get("upgrade");
        if (upgrade != null && !(upgrade.isBoolean() && !upgrade.booleanValue())) {
            // after an upgrade the connection would speak another protocol: not supported
            return invalidParameter("upgrade");
        }
        // "more" is allowed and answered with one reply (no "continues"), as Varlink permits
        ObjectNode params = parameters instanceof ObjectNode object ? object
                : JsonNodeFactory.instance.objectNode();
        return new Decoded(new Request(method.textValue(), params,
                oneway != null && oneway.booleanValue()), null);
    }

    /** The reply as JSON bytes followed by the NUL that ends a Varlink message. */
    public byte[] encodeReply(Reply reply) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        if (reply.isError()) {
            message.put("error", reply.error());
        }
        message.set("parameters", reply.parameters() == null
                ? JsonNodeFactory.instance.objectNode() : reply.parameters());
        return withNul(message);
    }

    /** A call as JSON bytes followed by NUL (for the client). */
    public byte[] encodeCall(String method, ObjectNode parameters, boolean oneway) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("method", method);
        message.set("parameters", parameters == null ? JsonNodeFactory.instance.objectNode()
                : parameters);
        if (oneway) {
            message.put("oneway", true);
        }
        return withNul(message);
    }

    /** Decodes a reply (for the client). */
    public Reply decodeReply(byte[] frame, int length) throws IOException {
        JsonNode tree = mapper.readTree(frame, 0, length);
        if (tree == null || !tree.isObject()) {
            throw new IOException("the helper's reply is not a JSON object");
        }
        JsonNode error = tree.get("error");
        JsonNode parameters = tree.get("parameters");
        ObjectNode params = parameters instanceof ObjectNode object ? object
                : JsonNodeFactory.instance.objectNode();
        if (error != null && !error.isTextual()) {
            throw new IOException("the helper's reply has a non-string error");
        }
        return new Reply(error == null ? null : error.textValue(), params);
    }

    private byte[] withNul(ObjectNode message) {
        try {
            byte[] json = mapper.writeValueAsBytes(message);
            byte[] framed = new byte[json.length + 1];
            System.arraycopy(json, 0, framed, 0, json.length);
            return framed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a JSON tree", e);
        }
    }

    private static Decoded error(String name) {
        return new Decoded(null, Reply.error(name));
    }

    private static Decoded invalidParameter(String parameter) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("parameter", parameter);
        return new Decoded(null, new Reply(INVALID_PARAMETER, params));
    }
}
