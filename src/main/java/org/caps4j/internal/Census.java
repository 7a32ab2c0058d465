/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verification after a broadcast: every task must be in the expected state in every field
 * of the transaction.
 * <ul>
 *   <li>the calling thread: capget(2) (and its other fields) read here;</li>
 *   <li>every task the broadcast signalled: its own read-back in the signal handler, taken after
 *       its op list ({@link ThreadOutcome#mismatched()}), or its check of the target when it was
 *       already there. After a complete sweep these are every task of the process (the sweep
 *       ends on a quiet listing of {@code /proc/self/task} proven complete, or after two quiet
 *       ones in a row, and a thread created since copies the state of a thread that has it);
 *       </li>
 *   <li>ids, groups and no_new_privs, and everything of a task that gave no good read-back,
 *       also from its {@code /proc} status file, re-read a few times so a task that was
 *       exiting drops out;</li>
 *   <li>after a broadcast that ended early (a timeout, an error while signalling) or reported
 *       on fewer tasks than it signalled (more than {@code ShimStructs.MAX_RESULTS}), every
 *       task now listed in {@code /proc/self/task} without an outcome, from {@code /proc}, so
 *       the report names them all.</li>
 * </ul>
 */
final class Census {
    /** A task that is not in the expected state, with its outcome if it answered. */
    record Straggler(int tid, Optional<ThreadOutcome> outcome, String differences) {}

    /** Fields only {@code /proc} shows from outside the task. */
    private static final int PROC_ONLY = Fields.UIDS | Fields.GIDS | Fields.GROUPS
            | Fields.NO_NEW_PRIVS;

    private Census() {}

    /** The tasks that differ from {@code expected} in {@code txn.fields()}, and the task count. */
    record Result(List<Straggler> stragglers, int tasks) {}

    /**
     * @param outcomesCoverEveryTask whether the broadcast reached every task (it returned 0)
     *     and reported on each; if not, {@code /proc/self/task} is listed for the others
     */
    static Result take(Transaction txn, CredentialState expected,
            Map<Integer, ThreadOutcome> outcomes, boolean outcomesCoverEveryTask) {
        NativeShim shim = Natives.shim();
        int self = shim.gettid();
        int fields = txn.fields();
        List<Straggler> stragglers = new ArrayList<>();
        String own = fields == Fields.CAPS && capsMatch(shim, expected) ? ""
                : shim.readState().differences(expected, fields);
        if (!own.isEmpty()) {
            stragglers.add(new Straggler(self, Optional.empty(), own));
        }
        int tasks = 1;
        for (ThreadOutcome outcome : outcomes.values()) {
            if (outcome.tid() == self || outcome.state() == ThreadOutcome.State.GONE) {
                continue;
            }
            tasks++;
            if (!outcome.reachedTarget() || (fields & PROC_ONLY) != 0) {
                check(outcome.tid(), outcome, expected, fields).ifPresent(stragglers::add);
            }
        }
        if (!outcomesCoverEveryTask) {
            for (int tid : tasks(shim)) {
                if (tid != self && !outcomes.containsKey(tid)) {
                    tasks++;
                    check(tid, null, expected, fields).ifPresent(stragglers::add);
                }
            }
        }
        return new Result(stragglers, tasks);
    }

    /** Reused while {@link Engine#LOCK} is held (every census runs under it). */
    private static int[] taskBuffer = new int[256];

    /** /proc/self/task listed by the shim (raw getdents64: no directory stream objects). */
    private static int[] tasks(NativeShim shim) {
        for (;;) {
            int count = shim.listTasks(taskBuffer);
            if (count >= 0) {
                return java.util.Arrays.copyOf(taskBuffer, count);
            }
            if (count != -Errno.E2BIG) {
                return ProcTasks.tids();
            }
            taskBuffer = new int[taskBuffer.length * 2];
        }
    }

    /** E, P and I of the calling thread. */
    private static boolean capsMatch(NativeShim shim, CredentialState expected) {
        int[] words = new int[6];
        return shim.capget(0, words) == 0
                && join(words[0], words[3]) == expected.effective()
                && join(words[1], words[4]) == expected.permitted()
                && join(words[2], words[5]) == expected.inheritable();
    }

    /** Reads the task's status, a few times while it differs; empty if it matches or exited. */
    private static Optional<Straggler> check(int tid, ThreadOutcome outcome,
            CredentialState expected, int fields) {
        boolean readBackDiffers = outcome != null && outcome.answered()
                && (outcome.errno() != 0 || (outcome.mismatched() & Fields.HIDDEN_FROM_PROC) != 0);
        for (int attempt = 0; ; attempt++) {
            Optional<TaskState> task = TaskState.read(tid, expected.securebits());
            if (task.isEmpty()) {
                return Optional.empty();
            }
            String diff = task.get().state().differences(expected, fields & ~Fields.SECUREBITS);
            if (readBackDiffers && (outcome.mismatched() & Fields.HIDDEN_FROM_PROC) != 0) {
                diff += (diff.isEmpty() ? "" : ", ") + "securebits 0x"
                        + Integer.toHexString(outcome.securebits()) + " (expected 0x"
                        + Integer.toHexString(expected.securebits()) + ")";
            }
            boolean pending = outcome != null && outcome.state() == ThreadOutcome.State.PENDING;
            if (diff.isEmpty() && !pending && !readBackDiffers) {
                return Optional.empty();
            }
            if (attempt >= 4 || pending || readBackDiffers) {
                return Optional.of(new Straggler(tid, Optional.ofNullable(outcome), diff));
            }
            pause();
        }
    }

    private static long join(int low, int high) {
        return (Integer.toUnsignedLong(high) << 32) | Integer.toUnsignedLong(low);
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
