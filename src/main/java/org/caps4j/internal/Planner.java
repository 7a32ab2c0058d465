/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;


/**
 * The one planner: turns (current state, target state) into the ordered op list of any
 * transaction, after checking the kernel's rules so a request that cannot work fails before
 * anything changes. The order (libcap's {@code cap_iab_set_proc} for I, A and bounding; the
 * DESIGN rules for the rest):
 * <ol>
 *   <li>capset: E shrinks to what the target keeps, plus what the steps below need effective
 *       (CAP_SETPCAP, CAP_SETUID, CAP_SETGID);</li>
 *   <li>ids: keep-caps on, setgroups, setresgid, setresuid, keep-caps back (the kernel clears
 *       E and A when the uids leave 0; CAP_SETPCAP is borrowed again if still needed);</li>
 *   <li>capset to the target I (an inheritable capability only has to be in the bounding set
 *       <em>before</em> the drops: {@code !%cap_x} is valid, as in libcap);</li>
 *   <li>ambient lower, raise or clear (after P and I, which bound it);</li>
 *   <li>bounding drops; 6. securebits or keep-caps; 7. no_new_privs;</li>
 *   <li>capset to the exact target E/P/I: borrowed capabilities (CAP_SETPCAP) go last.</li>
 * </ol>
 * Each step is planned against a model of the state the kernel will be in at that point.
 */
public final class Planner {
    static final long SETGID = 1L << 6, SETUID = 1L << 7, SETPCAP = 1L << 8;
    static final int NO_SETUID_FIXUP = 1 << 2, NO_CAP_AMBIENT_RAISE = 1 << 6;

    /** The transaction and the state every thread must be in afterwards. */
    public record Plan(Transaction transaction, CredentialState expected) {
        public OpList ops() {
            return transaction.ops();
        }
    }

    private Planner() {}

    public static Plan plan(String operation, CredentialState now, CredentialState target,
            Scope scope) {
        PlanChecks.check(operation, now, target);
        OpList.Builder ops = OpList.builder();
        Model cur = new Model(now);
        boolean idsChange = !now.uids().equals(target.uids()) || !now.gids().equals(target.gids())
                || !now.groups().equals(target.groups());
        long setpcapNeed = setpcapNeeded(now, target) ? SETPCAP : 0;
        long need = setpcapNeed | (now.uids().equals(target.uids()) ? 0 : SETUID)
                | (now.gids().equals(target.gids()) && now.groups().equals(target.groups())
                        ? 0 : SETGID);
        cur.capset(ops, (now.effective() & target.effective()) | need, cur.p, cur.i);
        if (idsChange) {
            identity(ops, cur, target);
            cur.capset(ops, cur.e | setpcapNeed, cur.p, cur.i);
        }
        cur.capset(ops, cur.e, cur.p, target.inheritable());
        if (target.ambient() == 0 && cur.a != 0) {
            ops.ambientClear();
        } else {
            if ((cur.a & ~target.ambient()) != 0) {
                ops.ambientLower(cur.a & ~target.ambient());
            }
            if ((target.ambient() & ~cur.a) != 0) {
                ops.ambientRaise(target.ambient() & ~cur.a);
            }
        }
        if ((now.bounding() & ~target.bounding()) != 0) {
            ops.boundingDrop(now.bounding() & ~target.bounding());
        }
        if (target.securebits() != cur.securebits) {
            if ((target.securebits() ^ cur.securebits) == CredentialState.KEEP_CAPS) {
                ops.keepCaps(target.keepCaps());
            } else {
                ops.securebits(target.securebits());
            }
        }
        if (target.noNewPrivs() && !now.noNewPrivs()) {
            ops.noNewPrivs();
        }
        cur.capset(ops, target.effective(), target.permitted(), target.inheritable());
        return new Plan(transaction(now, target, scope, ops.build(), idsChange), target);
    }

    /** CAP_SETPCAP must be effective for bounding drops, I beyond P, and securebits. */
    static boolean setpcapNeeded(CredentialState now, CredentialState target) {
        return (now.bounding() & ~target.bounding()) != 0
                || (target.inheritable() & ~now.inheritable() & ~now.permitted()) != 0
                || ((now.securebits() ^ target.securebits()) & ~CredentialState.KEEP_CAPS) != 0;
    }

    /** keep-caps on, setgroups, setresgid, setresuid, keep-caps back; models the kernel. */
    private static void identity(OpList.Builder ops, Model cur, CredentialState target) {
        boolean keepWasOn = (cur.securebits & CredentialState.KEEP_CAPS) != 0;
        if (!keepWasOn) {
            ops.keepCaps(true);
        }
        if (!cur.groups.equals(target.groups())) {
            ops.setgroups();
        }
        if (!cur.gids.equals(target.gids())) {
            ops.setresgid(target.gids().real(), target.gids().effective(),
                    target.gids().saved());
        }
        if (!cur.uids.equals(target.uids())) {
            ops.setresuid(target.uids().real(), target.uids().effective(),
                    target.uids().saved());
            cur.setuid(target.uids());
        }
        if (!keepWasOn) {
            ops.keepCaps(false);
        }
    }

    private static Transaction transaction(CredentialState now, CredentialState target,
            Scope scope, OpList ops, boolean idsChange) {
        int fields = scope.fields() | now.differingFields(target)
                | (idsChange ? Fields.CAPS | Fields.AMBIENT : 0);
        long bounding = scope.boundingBits() | (now.bounding() ^ target.bounding());
        long ambient = scope.ambientBits() | now.ambient() | target.ambient();
        if (bounding == 0) {
            fields &= ~Fields.BOUNDING;
        }
        if (ambient == 0) {
            fields &= ~Fields.AMBIENT;
        }
        return new Transaction(fields, bounding, ambient, target, ops);
    }

    /** The kernel state between steps, as far as planning needs it. */
    private static final class Model {
        long e, p, i, a;
        final int securebits;
        CredentialState.Ids uids;
        final CredentialState.Ids gids;
        final java.util.List<Integer> groups;

        Model(CredentialState now) {
            e = now.effective();
            p = now.permitted();
            i = now.inheritable();
            a = now.ambient();
            securebits = now.securebits();
            uids = now.uids();
            gids = now.gids();
            groups = now.groups();
        }

        /** A capset, if it changes anything; the kernel then lowers A to P and I. */
        void capset(OpList.Builder ops, long effective, long permitted, long inheritable) {
            if (effective != e || permitted != p || inheritable != i) {
                ops.capset(effective, permitted, inheritable);
                e = effective;
                p = permitted;
                i = inheritable;
                a &= p & i;
            }
        }

        /** cap_emulate_setxuid (security/commoncap.c) with keep-caps on. */
        void setuid(CredentialState.Ids next) {
            if ((securebits & NO_SETUID_FIXUP) == 0) {
                if (uids.anyRoot() && !next.anyRoot()) {
                    a = 0; // P survives: keep-caps is on
                }
                if (uids.effective() == 0 && next.effective() != 0) {
                    e = 0;
                } else if (uids.effective() != 0 && next.effective() == 0) {
                    e = p;
                }
            }
            uids = next;
        }
    }

    static KernelFailure refuse(String operation, String what, String hint) {
        return Failures.failure(operation, Errno.EPERM, what, hint);
    }
}
