/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.caps4j.CapabilitySet;

/**
 * One declared operation of a {@link HelperService}: a Varlink method (UpperCamelCase name),
 * its parameters, the capabilities it runs with, who may call it, and its body — Java code
 * ({@link OperationBody}) or an external {@link Program}.
 *
 * <pre>{@code
 * Operation read = Operation.named("ReadLog")
 *         .parameter(Parameter.path("file", Path.of("/var/log/app")))
 *         .capabilities(CapabilitySet.of(Capability.DAC_READ_SEARCH))
 *         .allowGroups(admGid)
 *         .body(args -> JsonNodeFactory.instance.objectNode()
 *                 .put("text", Files.readString(args.path("file"))))
 *         .build();
 * }</pre>
 *
 * <p>A peer may call it if its uid is one of {@link Builder#allowUsers} or its gid or a
 * supplementary group is one of {@link Builder#allowGroups}; with neither declared nobody may.
 */
public final class Operation {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");

    private final String name;
    private final Map<String, Parameter> parameters;
    private final CapabilitySet capabilities;
    private final int[] users;
    private final int[] groups;
    private final boolean highRisk;
    private final boolean needsApproval;
    private final OperationBody body;
    private final Program program;
    private final Duration timeout;

    private Operation(Builder b) {
        this.name = b.name;
        this.parameters = Map.copyOf(b.parameters);
        this.capabilities = b.capabilities;
        this.users = b.users.clone();
        this.groups = b.groups.clone();
        this.highRisk = b.highRisk;
        this.needsApproval = b.needsApproval;
        this.body = b.body;
        this.program = b.program;
        this.timeout = b.timeout;
    }

    /**
     * Starts a declaration.
     *
     * @param name the method name within the service's interface, UpperCamelCase
     * @return a builder
     */
    public static Builder named(String name) {
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("operation names match " + NAME + ": " + name);
        }
        return new Builder(name);
    }

    /** {@return the method name within the interface} */
    public String name() {
        return name;
    }

    /** {@return the capabilities the operation runs with} */
    public CapabilitySet capabilities() {
        return capabilities;
    }

    /** {@return whether the peer is re-checked with {@link Peer#now()} before it runs} */
    public boolean isHighRisk() {
        return highRisk;
    }

    /** {@return whether an administrator must approve each call} */
    public boolean needsApproval() {
        return needsApproval;
    }

    /**
     * {@return how long a call may run on its worker (validation and body), or empty for a
     * program body, which has its own limit ({@link Program#timeout})}
     */
    public Optional<Duration> timeout() {
        return program != null ? Optional.empty() : Optional.of(timeout);
    }

    /** Whether {@code peer} is one of the allowed users or in one of the allowed groups. */
    boolean permits(PeerCredentials peer) {
        return Arrays.stream(users).anyMatch(u -> u == peer.uid())
                || Arrays.stream(groups).anyMatch(peer::isInGroup);
    }

    /** Validates every parameter; refuses unknown and missing ones. */
    Arguments validate(ObjectNode request) throws InvalidArgument {
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!parameters.containsKey(field)) {
                throw new InvalidArgument(field.length() > 64 ? field.substring(0, 64) : field);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter parameter : parameters.values()) {
            JsonNode node = request.get(parameter.name());
            values.put(parameter.name(), parameter.validate(node));
        }
        return new Arguments(values);
    }

    /** Runs the body with validated arguments (already on a worker with the capabilities). */
    ObjectNode run(Arguments arguments) throws Exception {
        return body != null ? body.run(arguments) : program.run(arguments, capabilities);
    }

    /** Collects a declaration; {@link #build()} checks it is complete. */
    public static final class Builder {
        private final String name;
        private final Map<String, Parameter> parameters = new LinkedHashMap<>();
        private CapabilitySet capabilities = CapabilitySet.empty();
        private int[] users = new int[0];
        private int[] groups = new int[0];
        private boolean highRisk;
        private boolean needsApproval;
        private OperationBody body;
        private Program program;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Declares a parameter.
         *
         * @param parameter the declaration; names must be distinct
         * @return this builder
         */
        public Builder parameter(Parameter parameter) {
            if (parameters.putIfAbsent(parameter.name(), parameter) != null) {
                throw new IllegalArgumentException("parameter declared twice: " + parameter.name());
            }
            return this;
        }

        /**
         * The capabilities the operation runs with (effective on its worker thread, or ambient
         * for a program); none by default.
         *
         * @param set the capabilities
         * @return this builder
         */
        public Builder capabilities(CapabilitySet set) {
            this.capabilities = Objects.requireNonNull(set, "set");
            return this;
        }

        /**
         * Users who may call the operation.
         *
         * @param uids user ids
         * @return this builder
         */
        public Builder allowUsers(int... uids) {
            this.users = uids.clone();
            return this;
        }

        /**
         * Groups whose members (primary or supplementary, as the kernel reports the peer) may
         * call the operation.
         *
         * @param gids group ids
         * @return this builder
         */
        public Builder allowGroups(int... gids) {
            this.groups = gids.clone();
            return this;
        }

        /**
         * Re-checks the peer with {@link Peer#now()} just before each run: refused if its
         * current credentials no longer pass or cannot be read.
         *
         * @return this builder
         */
        public Builder highRisk() {
            this.highRisk = true;
            return this;
        }

        /**
         * Each call waits for an administrator (see {@link HelperService}).
         *
         * @return this builder
         */
        public Builder needsApproval() {
            this.needsApproval = true;
            return this;
        }

        /**
         * The Java body.
         *
         * @param javaBody run on a worker thread with the capabilities
         * @return this builder
         */
        public Builder body(OperationBody javaBody) {
            this.body = Objects.requireNonNull(javaBody, "javaBody");
            return this;
        }

        /**
         * How long a Java body (with the validation of its parameters) may run: 30 s unless set.
         * A call that runs longer gets {@link HelperErrors#OPERATION_FAILED}, and its worker's
         * effective set is emptied at once (a transaction signalled to that thread alone and
         * confirmed by its read-back), so a body that hangs does not keep its capabilities.
         * The body itself goes on, without them, until it returns, and keeps its worker until
         * then. (A {@link #program} body has its own limit, {@link Program#timeout}.)
         *
         * @param limit positive
         * @return this builder
         */
        public Builder timeout(Duration limit) {
            if (limit == null || limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + limit);
            }
            this.timeout = limit;
            return this;
        }

        /**
         * An external program as the body.
         *
         * @param external started through {@link org.caps4j.Launcher}
         * @return this builder
         */
        public Builder program(Program external) {
            this.program = Objects.requireNonNull(external, "external");
            return this;
        }

        /**
         * {@return the operation}
         *
         * @throws IllegalStateException without exactly one body, without anyone allowed, or
         *     if a program refers to an undeclared parameter
         */
        public Operation build() {
            if ((body == null) == (program == null)) {
                throw new IllegalStateException(name + ": declare exactly one body or program");
            }
            if (users.length == 0 && groups.length == 0) {
                throw new IllegalStateException(name + ": declare who may call it");
            }
            if (program != null && !parameters.keySet().containsAll(program.referencedParameters())) {
                throw new IllegalStateException(name + ": the program refers to an undeclared "
                        + "parameter");
            }
            return new Operation(this);
        }
    }
}
