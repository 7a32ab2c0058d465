/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ordered steps of one transaction ({@code struct caps4j_op}: a kind and three 64-bit
 * arguments; masks are capability masks). Immutable once built; the native binding encodes it.
 */
public final class OpList {
    /** CAPS4J_MAX_OPS in caps4j.h. */
    static final int MAX_OPS = 64;
    /** CAPS4J_MAX_GROUPS in caps4j.h: the most supplementary groups one setgroups op sets. */
    public static final int MAX_GROUPS = 64;

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
        SETRESGID(11, "setresgid"),
        SETRESUID(12, "setresuid");

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

        /** Raw setgroups(2) to the transaction's target groups. */
        public Builder setgroups() {
            return add(Kind.SETGROUPS, 0, 0, 0);
        }

        /** Raw setresgid(2) (unsigned ids). */
        public Builder setresgid(int real, int effective, int saved) {
            return add(Kind.SETRESGID, Integer.toUnsignedLong(real),
                    Integer.toUnsignedLong(effective), Integer.toUnsignedLong(saved));
        }

        /** Raw setresuid(2) (unsigned ids). */
        public Builder setresuid(int real, int effective, int saved) {
            return add(Kind.SETRESUID, Integer.toUnsignedLong(real),
                    Integer.toUnsignedLong(effective), Integer.toUnsignedLong(saved));
        }

        public OpList build() {
            return new OpList(ops);
        }
    }
}
