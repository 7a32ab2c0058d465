/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel's rules for the op kinds caps4j emits, as an oracle for the planner
 * (security/commoncap.c {@code cap_capset}, {@code cap_task_prctl}, {@code cap_emulate_setxuid};
 * kernel/sys.c {@code setresuid}/{@code setresgid}, kernel/groups.c {@code setgroups}): runs an
 * op list on a state and throws {@link AssertionError} where the kernel would refuse a step.
 */
final class KernelModel {
    static final long SETGID = 1L << 6, SETUID = 1L << 7, SETPCAP = 1L << 8;
    static final int NO_SETUID_FIXUP = 1 << 2, KEEP_CAPS = 1 << 4, KEEP_CAPS_LOCKED = 1 << 5,
            NO_CAP_AMBIENT_RAISE = 1 << 6, LOCKS = 0xaa, NAMED_BITS = 0xff;

    private KernelModel() {}

    /** The state after {@code txn}'s ops, each checked as the kernel checks it. */
    static CredentialState run(CredentialState s, Transaction txn) {
        for (OpList.Op op : txn.ops().ops()) {
            s = step(s, op, txn.target());
        }
        return s;
    }

    private static CredentialState step(CredentialState s, OpList.Op op, CredentialState target) {
        long e = s.effective(), p = s.permitted(), i = s.inheritable(), b = s.bounding();
        switch (op.kind()) {
            case CAPSET -> {
                long ne = op.arg(), np = op.arg2(), ni = op.arg3();
                require((np & ~p) == 0, "P grows", s, op);
                require((ne & ~np) == 0, "E outside P", s, op);
                require((ni & ~(i | b)) == 0, "I outside I|bounding", s, op);
                require((e & SETPCAP) != 0 || (ni & ~(i | p)) == 0,
                        "I outside I|P without effective CAP_SETPCAP", s, op);
                return s.withCaps(ne, np, ni).withAmbient(s.ambient() & np & ni);
            }
            case BOUNDING_DROP -> {
                require((e & SETPCAP) != 0, "bounding drop without effective CAP_SETPCAP", s, op);
                require((op.arg() & ~States.ALL) == 0, "drop beyond cap_last_cap (EINVAL)", s, op);
                return s.withBounding(b & ~op.arg());
            }
            case AMBIENT_RAISE -> {
                require((op.arg() & ~(p & i)) == 0, "ambient raise outside P&I", s, op);
                require((s.securebits() & NO_CAP_AMBIENT_RAISE) == 0,
                        "ambient raise under SECBIT_NO_CAP_AMBIENT_RAISE", s, op);
                return s.withAmbient(s.ambient() | op.arg());
            }
            case AMBIENT_LOWER -> {
                return s.withAmbient(s.ambient() & ~op.arg());
            }
            case AMBIENT_CLEAR -> {
                return s.withAmbient(0);
            }
            case KEEP_CAPS -> {
                require((s.securebits() & KEEP_CAPS_LOCKED) == 0, "PR_SET_KEEPCAPS while "
                        + "SECBIT_KEEP_CAPS_LOCKED", s, op);
                return s.withSecurebits(op.arg() == 1 ? s.securebits() | KEEP_CAPS
                        : s.securebits() & ~KEEP_CAPS);
            }
            case SECUREBITS -> {
                int now = s.securebits(), next = (int) op.arg();
                require((e & SETPCAP) != 0, "PR_SET_SECUREBITS without effective CAP_SETPCAP",
                        s, op);
                require((((now & LOCKS) >>> 1) & (now ^ next)) == 0, "changes a locked flag", s,
                        op);
                require((now & LOCKS & ~next) == 0, "clears a lock", s, op);
                require((next & ~NAMED_BITS) == 0, "unknown securebits", s, op);
                return s.withSecurebits(next);
            }
            case NO_NEW_PRIVS -> {
                return s.withNoNewPrivs(true);
            }
            case SETGROUPS -> {
                require((e & SETGID) != 0, "setgroups without effective CAP_SETGID", s, op);
                return s.withIds(s.uids(), s.gids(), target.groups());
            }
            case SETRESGID -> {
                CredentialState.Ids next = ids(op);
                require((e & SETGID) != 0 || within(next, s.gids()),
                        "setresgid to a new gid without effective CAP_SETGID", s, op);
                return s.withIds(s.uids(), next, s.groups());
            }
            case SETRESUID -> {
                CredentialState.Ids next = ids(op);
                require((e & SETUID) != 0 || within(next, s.uids()),
                        "setresuid to a new uid without effective CAP_SETUID", s, op);
                return setxuid(s, next);
            }
            default -> throw new AssertionError("unexpected op " + op);
        }
    }

    /** cap_emulate_setxuid, applied unless SECBIT_NO_SETUID_FIXUP. */
    private static CredentialState setxuid(CredentialState s, CredentialState.Ids next) {
        CredentialState.Ids old = s.uids();
        long e = s.effective(), p = s.permitted(), a = s.ambient();
        if ((s.securebits() & NO_SETUID_FIXUP) == 0) {
            if (anyRoot(old) && !anyRoot(next)) {
                if ((s.securebits() & KEEP_CAPS) == 0) {
                    p = 0;
                    e = 0;
                }
                a = 0;
            }
            if (old.effective() == 0 && next.effective() != 0) {
                e = 0;
            }
            if (old.effective() != 0 && next.effective() == 0) {
                e = p;
            }
        }
        return s.withCaps(e, p, s.inheritable()).withAmbient(a)
                .withIds(next, s.gids(), s.groups());
    }

    private static boolean anyRoot(CredentialState.Ids ids) {
        return ids.real() == 0 || ids.effective() == 0 || ids.saved() == 0;
    }

    private static boolean within(CredentialState.Ids next, CredentialState.Ids old) {
        Set<Integer> had = new HashSet<>(List.of(old.real(), old.effective(), old.saved()));
        return had.containsAll(List.of(next.real(), next.effective(), next.saved()));
    }

    private static CredentialState.Ids ids(OpList.Op op) {
        return new CredentialState.Ids((int) op.arg(), (int) op.arg2(), (int) op.arg3());
    }

    private static void require(boolean ok, String rule, CredentialState s, OpList.Op op) {
        if (!ok) {
            throw new AssertionError("kernel would refuse (" + rule + "): " + op + " in " + s);
        }
    }
}
