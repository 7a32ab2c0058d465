package org.caps4j.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte layouts of caps4j.h's structs, encoded and decoded in exactly one place: {@code
 * struct caps4j_state} (336 bytes), {@code caps4j_transaction} (2408), {@code
 * caps4j_thread_result} (32) and {@code caps4j_summary} (48). Native byte order.
 */
final class FfmStructs {
    static final long STATE_BYTES = 336;
    static final long TRANSACTION_BYTES = 24 + STATE_BYTES + OpList.MAX_OPS * 32L;
    static final long RESULT_BYTES = 32;
    static final long SUMMARY_BYTES = 48;
    /** struct caps4j_child: pid, pidfd, stage, detail. */
    static final long CHILD_BYTES = 16;
    private static final long TARGET_OFFSET = 24;
    private static final long OPS_OFFSET = TARGET_OFFSET + STATE_BYTES;
    private static final long GROUPS_OFFSET = 80;

    private FfmStructs() {}

    static void encode(Transaction txn, MemorySegment out) {
        List<OpList.Op> ops = txn.ops().ops();
        out.set(JAVA_INT, 0, txn.fields());
        out.set(JAVA_INT, 4, ops.size());
        out.set(JAVA_LONG, 8, txn.boundingBits());
        out.set(JAVA_LONG, 16, txn.ambientBits());
        encode(txn.target(), out.asSlice(TARGET_OFFSET, STATE_BYTES));
        for (int i = 0; i < ops.size(); i++) {
            OpList.Op op = ops.get(i);
            long at = OPS_OFFSET + 32L * i;
            out.set(JAVA_INT, at, op.kind().code);
            out.set(JAVA_INT, at + 4, 0);
            out.set(JAVA_LONG, at + 8, op.arg());
            out.set(JAVA_LONG, at + 16, op.arg2());
            out.set(JAVA_LONG, at + 24, op.arg3());
        }
    }

    private static void encode(CredentialState state, MemorySegment out) {
        out.set(JAVA_LONG, 0, state.effective());
        out.set(JAVA_LONG, 8, state.permitted());
        out.set(JAVA_LONG, 16, state.inheritable());
        out.set(JAVA_LONG, 24, state.bounding());
        out.set(JAVA_LONG, 32, state.ambient());
        ids(out, 40, state.uids());
        ids(out, 52, state.gids());
        out.set(JAVA_INT, 64, state.securebits());
        out.set(JAVA_INT, 68, state.noNewPrivs() ? 1 : 0);
        List<Integer> groups = state.groups();
        if (groups.size() > OpList.MAX_GROUPS) {
            throw new IllegalArgumentException(groups.size() + " supplementary groups: caps4j "
                    + "sets at most " + OpList.MAX_GROUPS);
        }
        out.set(JAVA_INT, 72, groups.size());
        out.set(JAVA_INT, 76, 0);
        for (int i = 0; i < groups.size(); i++) {
            out.set(JAVA_INT, GROUPS_OFFSET + 4L * i, groups.get(i));
        }
    }

    private static void ids(MemorySegment out, long at, CredentialState.Ids ids) {
        out.set(JAVA_INT, at, ids.real());
        out.set(JAVA_INT, at + 4, ids.effective());
        out.set(JAVA_INT, at + 8, ids.saved());
    }

    static CredentialState decodeState(MemorySegment in) {
        int count = in.get(JAVA_INT, 72);
        int[] groups = new int[count];
        for (int i = 0; i < count; i++) {
            groups[i] = in.get(JAVA_INT, GROUPS_OFFSET + 4L * i);
        }
        return new CredentialState(in.get(JAVA_LONG, 0), in.get(JAVA_LONG, 8),
                in.get(JAVA_LONG, 16), in.get(JAVA_LONG, 24), in.get(JAVA_LONG, 32),
                in.get(JAVA_INT, 64), in.get(JAVA_INT, 68) != 0, readIds(in, 40),
                readIds(in, 52), CredentialState.sortedGroups(groups));
    }

    private static CredentialState.Ids readIds(MemorySegment in, long at) {
        return new CredentialState.Ids(in.get(JAVA_INT, at), in.get(JAVA_INT, at + 4),
                in.get(JAVA_INT, at + 8));
    }

    static BroadcastReport decodeReport(int result, MemorySegment summary,
            MemorySegment results, int capacity) {
        int written = Math.min(Math.max(summary.get(JAVA_INT, 40), 0), capacity);
        List<ThreadOutcome> threads = new ArrayList<>(written);
        for (int i = 0; i < written; i++) {
            long at = RESULT_BYTES * i;
            threads.add(new ThreadOutcome(results.get(JAVA_INT, at),
                    ThreadOutcome.State.of(results.get(JAVA_INT, at + 4)),
                    results.get(JAVA_INT, at + 8) != 0, results.get(JAVA_INT, at + 12),
                    results.get(JAVA_INT, at + 16), results.get(JAVA_INT, at + 20),
                    results.get(JAVA_INT, at + 24)));
        }
        return new BroadcastReport(result, summary.get(JAVA_INT, 0), summary.get(JAVA_INT, 4),
                summary.get(JAVA_INT, 8), summary.get(JAVA_INT, 12), summary.get(JAVA_INT, 16),
                summary.get(JAVA_INT, 20), summary.get(JAVA_INT, 24), summary.get(JAVA_INT, 28),
                summary.get(JAVA_INT, 32), summary.get(JAVA_INT, 36), summary.get(JAVA_INT, 44),
                threads);
    }

    /** Decodes a struct caps4j_child written by caps4j_spawn. */
    static NativeShim.SpawnResult decodeChild(int result, MemorySegment child) {
        return new NativeShim.SpawnResult(result, child.get(JAVA_INT, 0), child.get(JAVA_INT, 4),
                child.get(JAVA_INT, 8), child.get(JAVA_INT, 12));
    }
}
