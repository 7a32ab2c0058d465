/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The one executor entry of every transaction: read the calling thread's state, plan to the
 * target ({@link Planner}), apply on every thread in one broadcast, repair threads that
 * answered but differ (each planned from its own state), verify every task
 * ({@link Census}), and throw with a precise report unless every thread is exactly at the
 * target. A failure on the calling thread is rolled back there if the kernel allows it, and
 * the exception says whether it was. One transaction at a time per JVM (and per process, in
 * the shim, across copies of caps4j).
 */
public final class Engine {
    /** How long a broadcast may wait for threads to answer (running time: stops do not count). */
    static final int TIMEOUT_MILLIS = Integer.getInteger("caps4j.broadcast.timeout.ms", 10_000);
    /** One transaction at a time per JVM. */
    public static final ReentrantLock LOCK = new ReentrantLock();
    private static final int[] EVERY_THREAD = new int[0];

    private Engine() {}

    /** Moves every thread of the process to {@code targetOf(calling thread's state)}. */
    public static void apply(String operation, Scope scope,
            UnaryOperator<CredentialState> targetOf) {
        inTransactionTurn(() -> applyInTurn(operation, scope, targetOf));
    }

    /**
     * Runs {@code work} holding this JVM's {@link #LOCK} and the process-wide turn (one
     * transaction at a time, across copies of caps4j).
     */
    private static void inTransactionTurn(Runnable work) {
        NativeShim shim = Natives.shim();
        LOCK.lock();
        int turn = shim.beginTurn(TIMEOUT_MILLIS);
        try {
            Failures.check(turn, "take the process-wide transaction turn", "(another copy of "
                    + "caps4j in this process kept it for " + TIMEOUT_MILLIS + " ms)");
            work.run();
        } finally {
            if (turn == 0) {
                shim.endTurn();
            }
            LOCK.unlock();
        }
    }

    private static void applyInTurn(String operation, Scope scope,
            UnaryOperator<CredentialState> targetOf) {
        NativeShim shim = Natives.shim();
        CredentialState before = CredentialState.ofCallingThread();
        Planner.Plan plan = Planner.plan(operation, before, targetOf.apply(before), scope);
        BroadcastReport report = shim.broadcast(plan.transaction(), EVERY_THREAD,
                TIMEOUT_MILLIS);
        if (report.callerFailed()) {
            throw CallerRollback.failure(operation, plan, report.callerStep(),
                    report.callerErrno(), before, "no other thread was changed");
        }
        if (report.result() < 0 && report.signalled() == 0) {
            throw Failures.failure(operation + " broadcast", -report.result(), "before "
                    + "any thread was changed (cannot read /proc/self/task, install the "
                    + "signal handler, or get the process-wide turn)", "");
        }
        Map<Integer, ThreadOutcome> outcomes = byTid(report.threads());
        Map<Integer, OpList> opsByTid = new HashMap<>();
        // Every task answered, and every answer is in the report (it holds at most
        // ShimStructs.MAX_RESULTS): else the census also lists /proc/self/task.
        boolean complete = report.result() == 0;
        boolean everyOutcome = complete && report.threads().size() == report.signalled();
        Census.Result census = Census.take(plan.transaction(), plan.expected(), outcomes,
                everyOutcome);
        if (complete && !census.stragglers().isEmpty()) {
            repair(operation, plan, census.stragglers(), scope, targetOf, outcomes,
                    opsByTid);
            census = Census.take(plan.transaction(), plan.expected(), outcomes,
                    everyOutcome);
        }
        if (report.result() < 0 || !census.stragglers().isEmpty()) {
            throw FailureReport.of(operation, tid -> opsByTid.getOrDefault(tid, plan.ops()),
                    report, census);
        }
    }

    /**
     * Plans every straggler from its own state to the operation's target for that state
     * (grouped by state) and signals just those: the list planned from the calling thread's
     * old state does not fit a thread that differs, and fields the operation does not govern
     * stay as that thread has them. Records each repaired thread's outcome and op list.
     */
    private static void repair(String operation, Planner.Plan plan,
            List<Census.Straggler> stragglers, Scope scope,
            UnaryOperator<CredentialState> targetOf, Map<Integer, ThreadOutcome> outcomes,
            Map<Integer, OpList> opsByTid) {
        Map<CredentialState, List<Integer>> byState = new LinkedHashMap<>();
        for (Census.Straggler s : stragglers) {
            int securebits = s.outcome().map(ThreadOutcome::securebits).filter(b -> b >= 0)
                    .orElse(plan.expected().securebits());
            TaskState.read(s.tid(), securebits).ifPresent(task -> byState
                    .computeIfAbsent(task.state(), k -> new ArrayList<>()).add(s.tid()));
        }
        for (Map.Entry<CredentialState, List<Integer>> group : byState.entrySet()) {
            Planner.Plan own;
            try {
                own = Planner.plan(operation, group.getKey(), targetOf.apply(group.getKey()),
                        scope);
            } catch (KernelFailure | IllegalArgumentException cannot) {
                continue; // reported by the census with the state it is in
            }
            int[] tids = group.getValue().stream().mapToInt(Integer::intValue).toArray();
            BroadcastReport again = Natives.shim().broadcast(own.transaction(), tids,
                    TIMEOUT_MILLIS);
            outcomes.putAll(byTid(again.threads()));
            for (int tid : tids) {
                opsByTid.put(tid, own.ops());
            }
        }
    }

    private static Map<Integer, ThreadOutcome> byTid(List<ThreadOutcome> threads) {
        Map<Integer, ThreadOutcome> map = new HashMap<>(threads.size() * 2);
        for (ThreadOutcome outcome : threads) {
            map.put(outcome.tid(), outcome);
        }
        return map;
    }

    /**
     * Empties the effective set of one other thread of this process, keeping its P and I: the
     * transaction is planned from that thread's own state ({@code /proc}) and signalled to it
     * alone, and its read-back must confirm E = {}. A thread that has exited is done. Used to
     * take the capabilities away from a helper worker whose body ran past its time limit
     * (a thread that never returns to the code that would lower them itself).
     *
     * @throws KernelFailure if the thread did not confirm an empty effective set (it never
     *     answered within the timeout, e.g. blocked where signals wait, or the kernel refused)
     */
    public static void lowerEffectiveOf(String operation, int tid) {
        inTransactionTurn(() -> lowerEffectiveInTurn(operation, tid));
    }

    private static void lowerEffectiveInTurn(String operation, int tid) {
        NativeShim shim = Natives.shim();
        int securebits = CredentialState.ofCallingThread().securebits(); // process-wide
        Optional<TaskState> task = TaskState.read(tid, securebits);
        if (task.isEmpty() || task.get().state().effective() == 0) {
            return;
        }
        CredentialState now = task.get().state();
        Planner.Plan plan = Planner.plan(operation, now,
                now.withCaps(0, now.permitted(), now.inheritable()), Scope.CAPS);
        BroadcastReport report = shim.broadcast(plan.transaction(), new int[] {tid},
                TIMEOUT_MILLIS);
        ThreadOutcome outcome = report.threads().isEmpty() ? null : report.threads().get(0);
        if (outcome != null && (outcome.reachedTarget()
                || outcome.state() == ThreadOutcome.State.GONE)) {
            return;
        }
        throw new KernelFailure(operation, outcome == null ? -report.result()
                : outcome.errno(), "to empty the effective set of thread " + tid,
                outcome == null || !outcome.answered() ? "It did not answer the signal "
                + "within " + TIMEOUT_MILLIS + " ms; it keeps " + CapNames.of(
                now.effective()) + " in its effective set" : "It reads back "
                + Integer.toHexString(outcome.mismatched()) + " as differing");
    }

    /** The calling thread only; refused on a virtual thread (its carrier would change). */
    public static void applyToCurrentThread(String operation, Scope scope,
            UnaryOperator<CredentialState> targetOf) {
        if (VirtualThreads.isCurrentVirtual()) {
            throw new IllegalStateException(operation + " on the current thread refused: this "
                    + "is a virtual thread, whose carrier thread would change instead and "
                    + "other virtual threads would run with it; call it from a platform thread "
                    + "or use apply() for the whole process");
        }
        CredentialState before = CredentialState.ofCallingThread();
        Planner.Plan plan = Planner.plan(operation, before, targetOf.apply(before), scope);
        NativeShim.RunResult result = Natives.shim().run(plan.transaction());
        if (result.result() < 0) {
            throw CallerRollback.failure(operation, plan, result.failedStep(), -result.result(),
                    before, "other threads are never changed by this call");
        }
        CredentialState after = CredentialState.ofCallingThread();
        String differences = after.differences(plan.expected(), plan.transaction().fields());
        if (!differences.isEmpty()) {
            throw new KernelFailure(operation, 0, "to reach the requested state on the "
                    + "calling thread", "The kernel reports " + differences);
        }
    }
}
