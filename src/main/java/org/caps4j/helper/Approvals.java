/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Optional;
import org.caps4j.helper.internal.ApprovalStore;
import org.caps4j.helper.internal.AuditLog;

/**
 * The {@code org.caps4j.helper} interface: {@code Approve}, {@code Deny} and
 * {@code ListPending} for administrators (members of an approver group, by the connect-time
 * credentials and again by {@link Peer#now()}),
 * {@code Collect} for the uid that asked. Collecting an approved id runs the operation then,
 * for the collecting connection (re-checked like any call), and returns its reply.
 */
final class Approvals {
    static final String INTERFACE = "org.caps4j.helper";

    /** What runs an approved call: {@link Dispatcher#run}. */
    @FunctionalInterface
    interface Runner {
        Reply run(Peer peer, PeerCredentials who, String method, Operation operation,
                ObjectNode parameters);
    }

    private record PendingCall(String method, Operation operation, ObjectNode parameters) {}

    private final ApprovalStore<PendingCall> store;
    private final int[] approverGroups;
    private final AuditLog audit;
    private final Runner runner;

    Approvals(ApprovalSettings settings, AuditLog audit, Runner runner) {
        this.store = new ApprovalStore<>(settings.timeToLive(), settings.perUid(), settings.total());
        this.approverGroups = settings.approverGroups().clone();
        this.audit = audit;
        this.runner = runner;
    }

    /** Stores a validated, authorized call and answers {@code {"pending": ID}}. */
    Reply submit(PeerCredentials who, String method, Operation operation, ObjectNode parameters) {
        Optional<String> id = store.submit(who.uid(),
                new PendingCall(method, operation, parameters.deepCopy()));
        if (id.isEmpty()) {
            audit.record(who, method, "denied", "-", "too many pending requests");
            return Reply.error(HelperErrors.TOO_MANY_PENDING);
        }
        audit.record(who, method, "pending", "-", "request " + id.get());
        return Reply.ok(JsonNodeFactory.instance.objectNode().put("pending", id.get()));
    }

    Reply handle(Peer peer, PeerCredentials who, String method, ObjectNode parameters) {
        String name = method.substring(INTERFACE.length() + 1);
        boolean forAdministrators = name.equals("Approve") || name.equals("Deny")
                || name.equals("ListPending");
        if (!forAdministrators && !name.equals("Collect")) {
            audit.record(who, method, "invalid", "-", "no such method");
            return Dispatcher.methodNotFound(method);
        }
        if (forAdministrators && !isApprover(who)) {
            audit.record(who, method, "denied", "-", null);
            return Reply.error(HelperErrors.NOT_AUTHORIZED);
        }
        if (forAdministrators && !isApproverNow(peer)) { // deciding is high-risk by nature
            audit.record(who, method, "denied", "-", "re-check: no longer an approver");
            return Reply.error(HelperErrors.NOT_AUTHORIZED);
        }
        if (name.equals("ListPending")) {
            return list(who, method, parameters);
        }
        JsonNode id = parameters.get("id");
        if (parameters.size() != 1 || id == null || !id.isTextual()
                || !ApprovalStore.isWellFormed(id.textValue())) {
            audit.record(who, method, "invalid", "-", "parameter id");
            return new Reply(HelperErrors.INVALID_PARAMETER,
                    JsonNodeFactory.instance.objectNode().put("parameter", "id"));
        }
        return name.equals("Collect") ? collect(peer, who, method, id.textValue())
                : decide(who, method, id.textValue(), name.equals("Approve"));
    }

    private boolean isApprover(PeerCredentials credentials) {
        return Arrays.stream(approverGroups).anyMatch(credentials::isInGroup);
    }

    private boolean isApproverNow(Peer peer) {
        try {
            return isApprover(peer.now());
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private Reply decide(PeerCredentials who, String method, String id, boolean approve) {
        Optional<PendingCall> call = store.decide(id, approve);
        if (call.isEmpty()) {
            audit.record(who, method, "invalid", "-", "unknown request " + id);
            return Reply.error(HelperErrors.UNKNOWN_REQUEST);
        }
        audit.record(who, method, approve ? "approved" : "refused", "ok", "request " + id
                + " for " + call.get().method());
        return Reply.ok(JsonNodeFactory.instance.objectNode());
    }

    private Reply collect(Peer peer, PeerCredentials who, String method, String id) {
        ApprovalStore.Collected<PendingCall> outcome = store.collect(id, who.uid());
        if (outcome instanceof ApprovalStore.Collected.Approved<PendingCall> approved) {
            PendingCall call = approved.request();
            if (!call.operation().permits(who)) { // same uid, but its groups may have changed
                audit.record(who, call.method(), "denied", "-", "collect of request " + id);
                return Reply.error(HelperErrors.NOT_AUTHORIZED);
            }
            return runner.run(peer, who, call.method(), call.operation(), call.parameters());
        }
        if (outcome instanceof ApprovalStore.Collected.Denied) {
            audit.record(who, method, "denied", "-", "request " + id + " was denied");
            return Reply.error(HelperErrors.DENIED);
        }
        if (outcome instanceof ApprovalStore.Collected.Waiting) {
            audit.record(who, method, "pending", "-", "request " + id);
            return Reply.error(HelperErrors.NOT_YET_APPROVED);
        }
        audit.record(who, method, "invalid", "-", "unknown request " + id);
        return Reply.error(HelperErrors.UNKNOWN_REQUEST);
    }

    private Reply list(PeerCredentials who, String method, ObjectNode parameters) {
        if (!parameters.isEmpty()) {
            audit.record(who, method, "invalid", "-", "unexpected parameters");
            return new Reply(HelperErrors.INVALID_PARAMETER, JsonNodeFactory.instance.objectNode()
                    .put("parameter", parameters.fieldNames().next()));
        }
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        ArrayNode requests = reply.putArray("requests");
        for (ApprovalStore.Entry<PendingCall> entry : store.list()) {
            ObjectNode item = requests.addObject().put("id", entry.id()).put("uid", entry.uid())
                    .put("method", entry.request().method()).put("decided", entry.decided());
            item.set("parameters", entry.request().parameters().deepCopy());
        }
        audit.record(who, method, "allowed", "ok", null);
        return Reply.ok(reply);
    }
}
