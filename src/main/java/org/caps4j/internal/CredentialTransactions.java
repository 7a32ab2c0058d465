/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.function.IntUnaryOperator;

/**
 * The targets of the process-wide transactions on the credentials around capabilities:
 * securebits, keep-caps, no_new_privs and the uid/gid/groups change that keeps chosen
 * capabilities. Each is one {@link Engine#apply} (planned, broadcast, verified); these methods
 * only say what the target is and what the caller asked for that the planner cannot know.
 */
public final class CredentialTransactions {
    private static final Scope SECUREBITS = new Scope(Fields.SECUREBITS, 0, 0);
    private static final Scope NO_NEW_PRIVS = new Scope(Fields.NO_NEW_PRIVS, 0, 0);
    private static final Scope IDENTITY = new Scope(Fields.CAPS | Fields.AMBIENT | Fields.UIDS
            | Fields.GIDS | Fields.GROUPS | Fields.SECUREBITS, 0, 0);

    private CredentialTransactions() {}

    /** Sets securebits to {@code target(current)} on every thread, and no_new_privs if asked. */
    public static void setSecurebits(String operation, IntUnaryOperator targetOf,
            boolean noNewPrivs) {
        Engine.apply(operation, noNewPrivs ? SECUREBITS.and(NO_NEW_PRIVS) : SECUREBITS,
                now -> now.withSecurebits(targetOf.applyAsInt(now.securebits()))
                        .withNoNewPrivs(now.noNewPrivs() || noNewPrivs));
    }

    /** PR_SET_NO_NEW_PRIVS on every thread (irreversible), verified. */
    public static void setNoNewPrivs(String operation) {
        Engine.apply(operation, NO_NEW_PRIVS, now -> now.withNoNewPrivs(true));
    }

    /** PR_SET_KEEPCAPS on every thread, verified with each thread's read-back. */
    public static void setKeepCaps(String operation, boolean on) {
        Engine.apply(operation, SECUREBITS, now -> now.withSecurebits(on
                ? now.securebits() | CredentialState.KEEP_CAPS
                : now.securebits() & ~CredentialState.KEEP_CAPS));
    }

    /**
     * Every thread becomes uid/gid with exactly {@code groups}, keeps {@code keep} as E = P,
     * with I = A = {} and keep-caps off: one broadcast (borrow CAP_SETUID/CAP_SETGID, keep-caps
     * on, setgroups, setresgid, setresuid, keep-caps off, capset).
     */
    public static void changeIdentity(String operation, int uid, int gid, int[] groups,
            long keep) {
        checkIds(uid, gid, groups);
        Engine.apply(operation, IDENTITY, now -> {
            if ((keep & ~now.permitted()) != 0) {
                throw Failures.failure(operation, Errno.EPERM, "to keep "
                        + CapNames.of(keep & ~now.permitted()) + ": it is not in the permitted "
                        + "set", "Only permitted capabilities can be kept across a uid "
                        + "change; start the program with them");
            }
            return new CredentialState(keep, keep, 0, now.bounding(), 0,
                    now.securebits() & ~CredentialState.KEEP_CAPS, now.noNewPrivs(),
                    CredentialState.Ids.all(uid), CredentialState.Ids.all(gid),
                    CredentialState.sortedGroups(groups));
        });
    }

    private static void checkIds(int uid, int gid, int[] groups) {
        if (uid == -1 || gid == -1) {
            throw new IllegalArgumentException("uid and gid 4294967295 (-1) mean \"unchanged\" "
                    + "to the kernel and cannot be a target");
        }
        if (groups.length > OpList.MAX_GROUPS) {
            throw new IllegalArgumentException(groups.length + " supplementary groups: caps4j "
                    + "sets at most " + OpList.MAX_GROUPS + " (its signal handler cannot "
                    + "allocate); drop groups the program does not need");
        }
        for (int group : groups) {
            if (group == -1) {
                throw new IllegalArgumentException("group 4294967295 (-1) is not a valid gid");
            }
        }
    }
}
