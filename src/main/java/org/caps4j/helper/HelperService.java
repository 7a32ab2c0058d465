/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.helper.internal.AuditLog;
import org.caps4j.helper.internal.CapabilityWorkers;
import org.caps4j.helper.internal.ServiceCredentials;

/**
 * A least-privilege helper's operations: the {@link RequestHandler} a transport serves.
 *
 * <pre>{@code
 * HelperService service = HelperService.builder("com.example.Panel")
 *         .operation(readLog)                  // see Operation
 *         .approvers(wheelGid)
 *         .build();
 * service.enterServiceState(svcUid, svcGid);   // root -> service user, P = union, E = {}
 * }</pre>
 *
 * <p><b>Nothing undeclared runs.</b> A request names {@code INTERFACE.Operation}; an unknown
 * name gets {@link HelperErrors#METHOD_NOT_FOUND}. A peer that is not allowed gets
 * {@link HelperErrors#NOT_AUTHORIZED}, decided from its connect-time credentials before any
 * parameter is looked at. A high-risk operation re-checks the peer with {@link Peer#now()}.
 * Parameters are then validated ({@link HelperErrors#INVALID_PARAMETER} naming only the
 * parameter) and the body runs; whatever it throws becomes
 * {@link HelperErrors#OPERATION_FAILED} with no text.
 *
 * <p><b>Capabilities.</b> The process rests with the union of the operations' capabilities in
 * its permitted set only ({@link #enterServiceState}); each call runs on a dedicated platform
 * worker thread that raises exactly its operation's capabilities into that thread's effective
 * set and lowers them again before the reply (path parameters are resolved there too).
 *
 * <p><b>Approval.</b> Calling an operation declared with {@link Operation.Builder#needsApproval()}
 * validates it and answers {@code {"pending": ID}} (128 random bits, 32 hex digits) without
 * running it. A member of an approver group (at connect time and, re-checked, now) calls
 * {@code org.caps4j.helper.Approve {"id": ID}}
 * or {@code Deny}; {@code org.caps4j.helper.ListPending {}} shows what waits. The same uid then
 * calls {@code org.caps4j.helper.Collect {"id": ID}}: that runs the operation (re-validated,
 * re-checked) and returns its reply. Ids are single-use, expire (5 minutes by default), and at
 * most 4 per uid and 64 in total wait by default.
 *
 * <p><b>Audit.</b> One line per request, by default to {@link System.Logger}
 * {@code org.caps4j.helper.audit} at INFO (under systemd, stderr goes to the journal):
 * {@code caps4j-helper uid=1000 gid=1000 pid=4242 method=com.example.Panel.ReadLog
 * decision=allowed result=ok}; decisions are allowed, denied, invalid, pending, approved and
 * refused; results ok, failed or {@code -} (nothing ran); a quoted {@code detail=} carries
 * server-side detail such as the exception of a failed body.
 */
public final class HelperService implements RequestHandler, AutoCloseable {
    private static final Pattern INTERFACE = Pattern.compile(
            "[A-Za-z][A-Za-z0-9-]*(\\.[A-Za-z0-9][A-Za-z0-9-]*)+");

    private final String interfaceName;
    private final CapabilitySet capabilities;
    private final boolean approvals;
    private final CapabilityWorkers workers;
    private final Dispatcher dispatcher;

    private HelperService(Builder b) {
        this.interfaceName = b.interfaceName;
        this.capabilities = b.operations.values().stream().map(Operation::capabilities)
                .reduce(CapabilitySet.empty(), CapabilitySet::union);
        this.approvals = b.operations.values().stream().anyMatch(Operation::needsApproval);
        this.workers = new CapabilityWorkers(b.threads, b.queue);
        this.dispatcher = new Dispatcher(interfaceName, b.operations, workers,
                new AuditLog(b.audit), new ApprovalSettings(b.approvers, b.timeToLive,
                        b.perUid, b.total));
    }

    /**
     * Starts a service.
     *
     * @param interfaceName the Varlink interface, e.g. {@code com.example.Panel}
     * @return a builder
     */
    public static Builder builder(String interfaceName) {
        if (!INTERFACE.matcher(Objects.requireNonNull(interfaceName, "interfaceName")).matches()
                || interfaceName.equals(Approvals.INTERFACE)
                || interfaceName.startsWith("org.varlink.")) {
            throw new IllegalArgumentException("not a usable Varlink interface name: "
                    + interfaceName);
        }
        return new Builder(interfaceName);
    }

    /** {@return the union of the operations' capabilities: what the process keeps permitted} */
    public CapabilitySet capabilities() {
        return capabilities;
    }

    /**
     * Puts the whole process into the helper's resting state, on every thread, verified:
     * uid {@code uid}, P = {@link #capabilities()}, E = I = ambient = {}. Started as root it
     * changes the ids ({@link org.caps4j.Identity#change}); started as the service user (e.g.
     * systemd's {@code User=} with {@code AmbientCapabilities=}) it clears the ambient set and
     * shrinks P to the union, failing if a capability is missing.
     *
     * @param uid the service user
     * @param gid its group
     * @param groups its supplementary groups (used when started as root)
     * @throws IllegalStateException if started as another user, or if a thread ends in another
     *     state
     * @throws org.caps4j.CapabilityException if a transaction fails
     */
    public void enterServiceState(int uid, int gid, int... groups) {
        ServiceCredentials.enter(uid, gid, groups, capabilities);
    }

    /**
     * Refuses to start serving while the calling thread has effective capabilities: a call
     * accepted now would run on threads that still hold them, before the resting state.
     * ({@link HelperServer#serve()} asks; enterServiceState verified every thread, this checks
     * that it came first.)
     */
    void requireRestingState() {
        CapabilitySet effective = Caps.fromProcess().effective();
        if (!effective.isEmpty()) {
            throw new IllegalStateException("not serving yet: this thread's effective set still "
                    + "holds " + effective + ", so calls would run before the helper rests in "
                    + "its service state; call enterServiceState(uid, gid) before serve() "
                    + "(bind() first if the socket needs privileges)");
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Never throws: anything unexpected (a peer whose credentials cannot be read, a bug)
     * becomes {@link HelperErrors#OPERATION_FAILED}, logged to the System.Logger
     * {@code org.caps4j.helper.audit} at ERROR.
     */
    @Override
    public Reply handle(Peer peer, String method, ObjectNode parameters) {
        try {
            return dispatcher.handle(peer, method, parameters == null
                    ? JsonNodeFactory.instance.objectNode() : parameters);
        } catch (RuntimeException e) {
            System.getLogger(AuditLog.LOGGER_NAME).log(System.Logger.Level.ERROR,
                    "caps4j-helper request failed before it was audited", e);
            return Reply.error(HelperErrors.OPERATION_FAILED);
        }
    }

    @Override
    public List<String> interfaces() {
        List<String> names = new ArrayList<>(List.of(interfaceName));
        if (approvals) {
            names.add(Approvals.INTERFACE);
        }
        return names;
    }

    /** Stops the worker threads (after calls already running). */
    @Override
    public void close() {
        workers.close();
    }

    /** Collects operations and settings; {@link #build()} makes the service. */
    public static final class Builder {
        private final String interfaceName;
        private final Map<String, Operation> operations = new LinkedHashMap<>();
        private int[] approvers = ApprovalSettings.DEFAULT.approverGroups();
        private Duration timeToLive = ApprovalSettings.DEFAULT.timeToLive();
        private int perUid = ApprovalSettings.DEFAULT.perUid();
        private int total = ApprovalSettings.DEFAULT.total();
        private int threads = 4;
        private int queue = 64;
        private Consumer<String> audit = AuditLog.systemLogger();

        private Builder(String interfaceName) {
            this.interfaceName = interfaceName;
        }

        /**
         * Adds an operation.
         *
         * @param operation the declaration; names must be distinct
         * @return this builder
         */
        public Builder operation(Operation operation) {
            if (operations.putIfAbsent(operation.name(), operation) != null) {
                throw new IllegalArgumentException("operation declared twice: " + operation.name());
            }
            return this;
        }

        /**
         * Groups whose members (by peer credentials) may approve and deny; none by default.
         *
         * @param gids group ids
         * @return this builder
         */
        public Builder approvers(int... gids) {
            this.approvers = gids.clone();
            return this;
        }

        /**
         * How long a pending id stays valid (default 5 minutes).
         *
         * @param ttl the lifetime, positive
         * @return this builder
         */
        public Builder approvalTimeout(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("the approval timeout must be positive");
            }
            this.timeToLive = ttl;
            return this;
        }

        /**
         * How many requests may wait for approval (defaults 4 and 64).
         *
         * @param perUidLimit per requesting uid
         * @param totalLimit altogether
         * @return this builder
         */
        public Builder maxPending(int perUidLimit, int totalLimit) {
            this.perUid = perUidLimit;
            this.total = totalLimit;
            return this;
        }

        /**
         * How many operations run at once and how many more may wait (defaults 4 and 64);
         * beyond that a call gets {@link HelperErrors#BUSY}.
         *
         * @param workerThreads dedicated worker threads
         * @param queueLength waiting calls
         * @return this builder
         */
        public Builder workers(int workerThreads, int queueLength) {
            this.threads = workerThreads;
            this.queue = queueLength;
            return this;
        }

        /**
         * Where audit lines go instead of the System.Logger {@code org.caps4j.helper.audit}.
         *
         * @param sink receives one line per request
         * @return this builder
         */
        public Builder auditTo(Consumer<String> sink) {
            this.audit = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** {@return the service} */
        public HelperService build() {
            return new HelperService(this);
        }
    }
}
