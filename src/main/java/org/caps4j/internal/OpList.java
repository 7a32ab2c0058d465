package org.caps4j.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ordered steps of one transaction, in the shim's {@code struct caps4j_op} layout: 32 bytes
 * per op = 4 longs {kind (low 32 bits), arg, arg2, arg3} on a little-endian machine. Masks are
 * capability masks. Immutable once built.
 */
public final class OpList {
    static final int LONGS_PER_OP = 4;
    /** CAPS4J_MAX_OPS in caps4j.h. */
    static final int MAX_OPS = 64;
    /** CAPS4J_MAX_GROUPS in caps4j.h: the most supplementary groups one setgroups op sets. */
    public static final int MAX_GROUPS = 64;
    /** CAPS4J_GIDS_PER_OP: gids carried by one GROUP_DATA op (two per long). */
    static final int GIDS_PER_OP = 6;

    /** enum caps4j_op_kind. */
    enum Kind {
        CAPSET(1, "capset"),
        BOUNDING_DROP(2, "prctl(PR_CAPBSET_DROP)"),
        AMBIENT_CLEAR(3, "prctl(PR_CAP_AMBIENT_CLEAR_ALL)"),
        AMBIENT_RAISE(4, "prctl(PR_CAP_AMBIENT_RAISE)"),
        AMBIENT_LOWER(5, "prctl(PR_CAP_AMBIENT_LOWER)"),
        KEEP_CAPS(6, "prctl(PR_SET_KEEPCAPS)"),
        SECUREBITS(7, "prctl(PR_SET_SECUREBITS)"),
        NO_NEW_PRIVS(8, "prctl(PR_SET_NO_NEW_PRIVS)"),
        SETGROUPS(9, "setgroups"),
        GROUP_DATA(10, "setgroups"),
        SETRESGID(11, "setresgid"),
        SETRESUID(12, "setresuid"),
        INJECT_FAILURE(99, "injected failure");

        final int code;
        final String syscall;

        Kind(int code, String syscall) {
            this.code = code;
            this.syscall = syscall;
        }
    }

    record Op(Kind kind, long arg, long arg2, long arg3) {}

    private final List<Op> ops;

    private OpList(List<Op> ops) {
        this.ops = List.copyOf(ops);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return ops.size();
    }

    List<Op> ops() {
        return ops;
    }

    /** The system call of step {@code index}, for messages; "the op list" if out of range. */
    public String describe(int index) {
        return index >= 0 && index < ops.size() ? ops.get(index).kind().syscall : "the op list";
    }

    /** The layout {@code caps4j_broadcast} and {@code caps4j_run_ops} read. */
    public long[] toArray() {
        long[] array = new long[ops.size() * LONGS_PER_OP];
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            array[i * LONGS_PER_OP] = op.kind().code;
            array[i * LONGS_PER_OP + 1] = op.arg();
            array[i * LONGS_PER_OP + 2] = op.arg2();
            array[i * LONGS_PER_OP + 3] = op.arg3();
        }
        return array;
    }

    @Override
    public String toString() {
        return ops.stream().map(op -> op.kind() + Arrays.toString(new String[] {
                Long.toHexString(op.arg()), Long.toHexString(op.arg2()),
                Long.toHexString(op.arg3())})).toList().toString();
    }

    /** Appends steps in execution order. */
    public static final class Builder {
        private final List<Op> ops = new ArrayList<>();

        private Builder add(Kind kind, long arg, long arg2, long arg3) {
            if (ops.size() == MAX_OPS) {
                throw new IllegalStateException("a transaction holds at most " + MAX_OPS + " ops");
            }
            ops.add(new Op(kind, arg, arg2, arg3));
            return this;
        }

        public Builder capset(long effective, long permitted, long inheritable) {
            return add(Kind.CAPSET, effective, permitted, inheritable);
        }

        public Builder boundingDrop(long mask) {
            return add(Kind.BOUNDING_DROP, mask, 0, 0);
        }

        public Builder ambientClear() {
            return add(Kind.AMBIENT_CLEAR, 0, 0, 0);
        }

        public Builder ambientRaise(long mask) {
            return add(Kind.AMBIENT_RAISE, mask, 0, 0);
        }

        public Builder ambientLower(long mask) {
            return add(Kind.AMBIENT_LOWER, mask, 0, 0);
        }

        public Builder keepCaps(boolean on) {
            return add(Kind.KEEP_CAPS, on ? 1 : 0, 0, 0);
        }

        /** prctl(PR_SET_SECUREBITS, bits): needs CAP_SETPCAP effective. */
        public Builder securebits(int bits) {
            return add(Kind.SECUREBITS, Integer.toUnsignedLong(bits), 0, 0);
        }

        /** prctl(PR_SET_NO_NEW_PRIVS, 1): irreversible. */
        public Builder noNewPrivs() {
            return add(Kind.NO_NEW_PRIVS, 1, 0, 0);
        }

        /**
         * Raw setgroups(2) to exactly {@code gids} (unsigned 32-bit values): one op plus the
         * GROUP_DATA ops that carry the list inside the op memory.
         */
        public Builder setgroups(int[] gids) {
            if (gids.length > MAX_GROUPS) {
                throw new IllegalArgumentException(gids.length + " supplementary groups: caps4j "
                        + "sets at most " + MAX_GROUPS + " in one transaction");
            }
            add(Kind.SETGROUPS, gids.length, 0, 0);
            for (int first = 0; first < gids.length; first += GIDS_PER_OP) {
                long[] words = new long[3];
                for (int k = 0; k < GIDS_PER_OP && first + k < gids.length; k++) {
                    words[k / 2] |= Integer.toUnsignedLong(gids[first + k]) << (32 * (k % 2));
                }
                add(Kind.GROUP_DATA, words[0], words[1], words[2]);
            }
            return this;
        }

        /** Raw setresgid(2) with all three gids = {@code gid} (unsigned). */
        public Builder setresgid(int gid) {
            long id = Integer.toUnsignedLong(gid);
            return add(Kind.SETRESGID, id, id, id);
        }

        /** Raw setresuid(2) with all three uids = {@code uid} (unsigned). */
        public Builder setresuid(int uid) {
            long id = Integer.toUnsignedLong(uid);
            return add(Kind.SETRESUID, id, id, id);
        }

        /** Test hook: a step that fails with {@code errno} and changes nothing. */
        public Builder injectFailure(int errno) {
            return add(Kind.INJECT_FAILURE, errno, 0, 0);
        }

        /** Test hook: fails with {@code errno} on every thread except {@code sparedTid}. */
        public Builder injectFailureExcept(int errno, int sparedTid) {
            return add(Kind.INJECT_FAILURE, errno, sparedTid, 0);
        }

        public OpList build() {
            return new OpList(ops);
        }
    }
}
