/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.caps4j.helper.internal.AuditLog;
import org.caps4j.helper.internal.CapabilityWorkers;

/**
 * The order of checks for one request, each refusal final and audited: known method, then
 * authorization by the credentials at connect time (before any parameter is looked at), then
 * for high-risk operations the re-check by {@link Peer#now()}, then on a worker with the
 * operation's capabilities validation and the body.
 */
final class Dispatcher {
    private final String interfaceName;
    private final Map<String, Operation> operations;
    private final CapabilityWorkers workers;
    private final AuditLog audit;
    private final Approvals approvals;

    Dispatcher(String interfaceName, Map<String, Operation> operations, CapabilityWorkers workers,
            AuditLog audit, ApprovalSettings settings) {
        this.interfaceName = interfaceName;
        this.operations = Map.copyOf(operations);
        this.workers = workers;
        this.audit = audit;
        this.approvals = new Approvals(settings, audit, this::run);
    }

    Reply handle(Peer peer, String method, ObjectNode parameters) {
        PeerCredentials who = peer.atConnect();
        if (method.startsWith(Approvals.INTERFACE + ".")) {
            return approvals.handle(peer, who, method, parameters);
        }
        Operation operation = method.startsWith(interfaceName + ".")
                ? operations.get(method.substring(interfaceName.length() + 1)) : null;
        if (operation == null) {
            audit.record(who, method, "invalid", "-", "no such method");
            return methodNotFound(method);
        }
        if (!operation.permits(who)) {
            audit.record(who, method, "denied", "-", null);
            return Reply.error(HelperErrors.NOT_AUTHORIZED);
        }
        if (operation.needsApproval()) {
            try {
                workers.call(operation.capabilities(), operation.timeout(),
                        () -> operation.validate(parameters));
            } catch (InvalidArgument e) {
                return invalid(who, method, e);
            } catch (RejectedExecutionException e) {
                return busy(who, method);
            } catch (Exception e) {
                return failed(who, method, e);
            }
            return approvals.submit(who, method, operation, parameters);
        }
        return run(peer, who, method, operation, parameters);
    }

    /** Re-checks a high-risk peer, then validates and runs on a worker. */
    Reply run(Peer peer, PeerCredentials who, String method, Operation operation,
            ObjectNode parameters) {
        if (operation.isHighRisk()) {
            String refusal = recheck(peer, operation);
            if (refusal != null) {
                audit.record(who, method, "denied", "-", refusal);
                return Reply.error(HelperErrors.NOT_AUTHORIZED);
            }
        }
        try {
            ObjectNode result = workers.call(operation.capabilities(), operation.timeout(),
                    () -> operation.run(operation.validate(parameters)));
            audit.record(who, method, "allowed", "ok", null);
            return Reply.ok(result == null ? JsonNodeFactory.instance.objectNode() : result);
        } catch (InvalidArgument e) {
            return invalid(who, method, e);
        } catch (RejectedExecutionException e) {
            return busy(who, method);
        } catch (Exception | Error e) {
            return failed(who, method, e);
        }
    }

    /** {@return why the peer no longer passes, or null if it does} */
    private static String recheck(Peer peer, Operation operation) {
        try {
            PeerCredentials now = peer.now();
            return operation.permits(now) ? null : "re-check: now " + now;
        } catch (IOException | RuntimeException e) {
            return "re-check failed: " + e;
        }
    }

    private Reply invalid(PeerCredentials who, String method, InvalidArgument e) {
        audit.record(who, method, "invalid", "-", "parameter " + e.parameter);
        return new Reply(HelperErrors.INVALID_PARAMETER,
                JsonNodeFactory.instance.objectNode().put("parameter", e.parameter));
    }

    private Reply busy(PeerCredentials who, String method) {
        audit.record(who, method, "allowed", "failed", "every worker busy");
        return Reply.error(HelperErrors.BUSY);
    }

    private Reply failed(PeerCredentials who, String method, Throwable e) {
        audit.record(who, method, "allowed", "failed", e.toString());
        return Reply.error(HelperErrors.OPERATION_FAILED);
    }

    static Reply methodNotFound(String method) {
        return new Reply(HelperErrors.METHOD_NOT_FOUND,
                JsonNodeFactory.instance.objectNode().put("method", method.length() > 256
                        ? method.substring(0, 256) : method));
    }
}
