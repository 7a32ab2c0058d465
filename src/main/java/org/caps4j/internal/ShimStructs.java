/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte layouts of caps4j.h's structs, encoded and decoded in exactly one place for both
 * backends: {@code struct caps4j_state} (336 bytes), {@code caps4j_transaction} (2408), {@code
 * caps4j_thread_result} (32) and {@code caps4j_summary} (48). Each backend hands its memory over
 * as a {@link ByteBuffer} (FFM: {@code MemorySegment.asByteBuffer()}; JNA: {@code
 * Memory.getByteBuffer}, or a wrapped array it passes by copy). Offsets are absolute and the byte
 * order is always the platform's, whatever order the buffer was created with.
 */
final class ShimStructs {
    static final int STATE_BYTES = 336;
    static final int TRANSACTION_BYTES = 24 + STATE_BYTES + OpList.MAX_OPS * 32;
    static final int RESULT_BYTES = 32;
    static final int SUMMARY_BYTES = 48;
    /** struct caps4j_child: pid, pidfd, stage, detail. */
    static final int CHILD_BYTES = 16;
    /** Threads one broadcast reports on (more are still verified by the census). */
    static final int MAX_RESULTS = 8192;
    private static final int TARGET_OFFSET = 24;
    private static final int OPS_OFFSET = TARGET_OFFSET + STATE_BYTES;
    private static final int GROUPS_OFFSET = 80;

    private ShimStructs() {}

    static void encode(Transaction txn, ByteBuffer buffer) {
        ByteBuffer out = nativeOrder(buffer);
        List<OpList.Op> ops = txn.ops().ops();
        out.putInt(0, txn.fields());
        out.putInt(4, ops.size());
        out.putLong(8, txn.boundingBits());
        out.putLong(16, txn.ambientBits());
        encode(txn.target(), out, TARGET_OFFSET);
        for (int i = 0; i < ops.size(); i++) {
            OpList.Op op = ops.get(i);
            int at = OPS_OFFSET + 32 * i;
            out.putInt(at, op.kind().code);
            out.putInt(at + 4, 0);
            out.putLong(at + 8, op.arg());
            out.putLong(at + 16, op.arg2());
            out.putLong(at + 24, op.arg3());
        }
    }

    /** {@code struct caps4j_state} at {@code base}. */
    private static void encode(CredentialState state, ByteBuffer out, int base) {
        List<Integer> groups = state.groups();
        if (groups.size() > OpList.MAX_GROUPS) {
            throw new IllegalArgumentException(groups.size() + " supplementary groups: caps4j "
                    + "sets at most " + OpList.MAX_GROUPS);
        }
        out.putLong(base, state.effective());
        out.putLong(base + 8, state.permitted());
        out.putLong(base + 16, state.inheritable());
        out.putLong(base + 24, state.bounding());
        out.putLong(base + 32, state.ambient());
        ids(out, base + 40, state.uids());
        ids(out, base + 52, state.gids());
        out.putInt(base + 64, state.securebits());
        out.putInt(base + 68, state.noNewPrivs() ? 1 : 0);
        out.putInt(base + 72, groups.size());
        out.putInt(base + 76, 0);
        for (int i = 0; i < groups.size(); i++) {
            out.putInt(base + GROUPS_OFFSET + 4 * i, groups.get(i));
        }
    }

    private static void ids(ByteBuffer out, int at, CredentialState.Ids ids) {
        out.putInt(at, ids.real());
        out.putInt(at + 4, ids.effective());
        out.putInt(at + 8, ids.saved());
    }

    /** A {@code struct caps4j_state} at the start of {@code buffer}. */
    static CredentialState decodeState(ByteBuffer buffer) {
        ByteBuffer in = nativeOrder(buffer);
        int count = in.getInt(72);
        int[] groups = new int[count];
        for (int i = 0; i < count; i++) {
            groups[i] = in.getInt(GROUPS_OFFSET + 4 * i);
        }
        return new CredentialState(in.getLong(0), in.getLong(8), in.getLong(16), in.getLong(24),
                in.getLong(32), in.getInt(64), in.getInt(68) != 0, readIds(in, 40),
                readIds(in, 52), CredentialState.sortedGroups(groups));
    }

    /** The target state inside an encoded transaction (for tests of the encoding). */
    static CredentialState decodeTarget(ByteBuffer transaction) {
        return decodeState(nativeOrder(transaction).position(TARGET_OFFSET).slice());
    }

    private static CredentialState.Ids readIds(ByteBuffer in, int at) {
        return new CredentialState.Ids(in.getInt(at), in.getInt(at + 4), in.getInt(at + 8));
    }

    static BroadcastReport decodeReport(int result, ByteBuffer summaryBuffer,
            ByteBuffer resultsBuffer, int capacity) {
        ByteBuffer summary = nativeOrder(summaryBuffer);
        ByteBuffer results = nativeOrder(resultsBuffer);
        int written = Math.min(Math.max(summary.getInt(40), 0), capacity);
        List<ThreadOutcome> threads = new ArrayList<>(written);
        for (int i = 0; i < written; i++) {
            int at = RESULT_BYTES * i;
            threads.add(new ThreadOutcome(results.getInt(at),
                    ThreadOutcome.State.of(results.getInt(at + 4)),
                    results.getInt(at + 8) != 0, results.getInt(at + 12),
                    results.getInt(at + 16), results.getInt(at + 20),
                    results.getInt(at + 24)));
        }
        return new BroadcastReport(result, summary.getInt(0), summary.getInt(4),
                summary.getInt(8), summary.getInt(12), summary.getInt(16), summary.getInt(20),
                summary.getInt(24), summary.getInt(28), summary.getInt(32), summary.getInt(36),
                summary.getInt(44), threads);
    }

    /**
     * A view of {@code buffer} in the platform's byte order, position 0, without changing the
     * caller's buffer (a view shares the memory; creating one is cheap and usually elided).
     */
    private static ByteBuffer nativeOrder(ByteBuffer buffer) {
        return buffer.duplicate().clear().order(ByteOrder.nativeOrder());
    }

    /** Decodes a {@code struct caps4j_child} written by caps4j_spawn. */
    static NativeShim.SpawnResult decodeChild(int result, ByteBuffer buffer) {
        ByteBuffer in = nativeOrder(buffer);
        return new NativeShim.SpawnResult(result, in.getInt(0), in.getInt(4), in.getInt(8),
                in.getInt(12));
    }
}
