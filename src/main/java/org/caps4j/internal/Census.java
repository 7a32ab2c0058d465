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
 * The verification after a broadcast: every task listed in {@code /proc/self/task} must be in
 * the expected state in every field of the transaction.
 * <ul>
 *   <li>E, P and I of every task by capget(2) on its tid, issued by the calling thread: the
 *       kernel's answer, independent of anything the task ran;</li>
 *   <li>what no other thread can read (bounding, ambient, securebits) from the task's own
 *       read-back in the signal handler ({@link ThreadOutcome#mismatched()});</li>
 *   <li>ids, groups and no_new_privs, and everything for a task without a read-back (the
 *       calling thread aside, one created after the sweep or one that differs), from its
 *       {@code /proc} status file, re-read a few times so a task that was exiting drops out.</li>
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

    static Result take(Transaction txn, CredentialState expected,
            Map<Integer, ThreadOutcome> outcomes) {
        NativeShim shim = Natives.shim();
        int self = shim.gettid();
        int fields = txn.fields();
        int[] words = new int[6];
        int[] tids = tasks(shim);
        List<Straggler> stragglers = new ArrayList<>();
        for (int tid : tids) {
            if (tid == self) {
                String diff = fields == Fields.CAPS
                        ? (capsMatch(shim, 0, words, expected) ? "" : shim.readState()
                                .differences(expected, fields))
                        : shim.readState().differences(expected, fields);
                if (!diff.isEmpty()) {
                    stragglers.add(new Straggler(tid, Optional.empty(), diff));
                }
                continue;
            }
            ThreadOutcome outcome = outcomes.get(tid);
            boolean trusted = outcome != null && outcome.reachedTarget()
                    && ((fields & Fields.CAPS) == 0 || capsMatch(shim, tid, words, expected))
                    && (fields & PROC_ONLY) == 0;
            if (!trusted) {
                check(tid, outcome, expected, fields).ifPresent(stragglers::add);
            }
        }
        return new Result(stragglers, tids.length);
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

    private static boolean capsMatch(NativeShim shim, int tid, int[] words,
            CredentialState expected) {
        return shim.capget(tid, words) == 0
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
