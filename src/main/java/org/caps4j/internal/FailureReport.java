/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The exception for a broadcast that did not bring every thread to the target: which threads
 * (tid and Java thread name, or "native" with the kernel's name), what each one is left with,
 * how many did change, and what the user can do.
 */
final class FailureReport {
    private static final int LISTED = 12;

    private FailureReport() {}

    static KernelFailure of(String operation, IntFunction<OpList> opsOf,
            BroadcastReport report,
            Census.Result census) {
        List<Census.Straggler> stragglers = census.stragglers();
        int errno = report.result() < 0 ? -report.result() : firstErrno(stragglers);
        Map<String, Integer> commCount = new HashMap<>();
        Map<Integer, String> comms = new HashMap<>();
        for (Census.Straggler s : stragglers) {
            String comm = TaskState.comm(s.tid());
            comms.put(s.tid(), comm);
            commCount.merge(comm, 1, Integer::sum);
        }
        JavaThreadNames names = JavaThreadNames.snapshot();
        int self = Natives.shim().gettid();
        StringBuilder notChanged = new StringBuilder();
        int listed = 0;
        for (Census.Straggler s : stragglers) {
            if (listed++ == LISTED) {
                notChanged.append("; and ").append(stragglers.size() - LISTED).append(" more");
                break;
            }
            String comm = comms.get(s.tid());
            String label = s.tid() == self ? "tid " + s.tid() + " (the calling thread)" : names.javaName(comm, commCount.get(comm))
                    .map(name -> "tid " + s.tid() + " \"" + name + "\"")
                    .orElse("tid " + s.tid() + " native \"" + comm + "\"");
            notChanged.append(notChanged.isEmpty() ? "" : "; ").append(label).append(" (")
                    .append(why(s, opsOf.apply(s.tid()), self)).append(')');
        }
        int changed = Math.max(census.tasks() - stragglers.size(), 0);
        String detail = "on " + stragglers.size() + " of " + Math.max(census.tasks(),
                stragglers.size()) + " threads";
        String hint = "Not changed or not as requested: " + notChanged + ". Changed as "
                + "requested: " + changed + " threads, the calling thread included. "
                + Hints.REPAIR;
        return Failures.failure(operation, errno, detail, hint);
    }

    private static int firstErrno(List<Census.Straggler> stragglers) {
        for (Census.Straggler s : stragglers) {
            if (s.outcome().isPresent() && s.outcome().get().errno() != 0) {
                return s.outcome().get().errno();
            }
        }
        return 0;
    }

    private static String why(Census.Straggler s, OpList ops, int self) {
        String state = s.differences().isEmpty() ? "" : "; it has " + s.differences();
        if (s.tid() == self) {
            return "differs after the list" + state;
        }
        if (s.outcome().isEmpty()) {
            return "created during or after the broadcast" + state;
        }
        ThreadOutcome outcome = s.outcome().get();
        if (outcome.state() == ThreadOutcome.State.PENDING) {
            return "never answered, not changed" + state;
        }
        if (outcome.errno() != 0) {
            return ops.describe(outcome.step()) + " failed there: "
                    + Errno.describe(outcome.errno()) + (outcome.step() == 0
                            ? ", not changed" : ", partly changed") + state;
        }
        return outcome.mismatched() != 0
                ? "differs after the list (" + Fields.describe(outcome.mismatched()) + ")" + state
                : "differs after the list" + state;
    }
}
