/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;


/**
 * The kernel's rules for a change of credentials, checked before anything changes so that a
 * refused request names the capability and leaves every thread as it was.
 */
final class PlanChecks {
    /** SECBIT_KEEP_CAPS_LOCKED and the kernel's SECURE_ALL_LOCKS (the _LOCKED bits 1, 3, 5, 7). */
    static final int KEEP_CAPS_LOCKED = 1 << 5, ALL_LOCKS = 0b1010_1010;

    private PlanChecks() {}

    static void check(String operation, CredentialState now, CredentialState target) {
        capabilities(operation, now, target);
        ambient(operation, now, target);
        if (now.noNewPrivs() && !target.noNewPrivs()) {
            throw Planner.refuse(operation, "to clear no_new_privs", "no_new_privs can never "
                    + "be cleared once set");
        }
        locks(operation, now.securebits(), target.securebits());
        identity(operation, now, target);
    }

    private static void capabilities(String operation, CredentialState now,
            CredentialState target) {
        long notPermitted = target.effective() & ~target.permitted();
        if (notPermitted != 0) {
            throw Planner.refuse(operation, "effective set names " + CapNames.of(notPermitted)
                    + ", which the permitted set lacks", "A capability can only be effective "
                    + "while it is permitted: add it to the permitted set or remove it from "
                    + "the effective set");
        }
        long gained = target.permitted() & ~now.permitted();
        if (gained != 0) {
            throw Planner.refuse(operation, "to add " + CapNames.of(gained)
                    + " to the permitted set", "The permitted set can only shrink; start the "
                    + "program with it. " + Hints.grant(gained));
        }
        if ((target.bounding() & ~now.bounding()) != 0) {
            throw new IllegalArgumentException("the bounding set can only shrink: "
                    + CapNames.of(target.bounding() & ~now.bounding()) + " is not in it any more");
        }
        long newInheritable = target.inheritable() & ~now.inheritable();
        if ((newInheritable & ~now.bounding()) != 0) {
            throw Planner.refuse(operation, "to add " + CapNames.of(newInheritable
                    & ~now.bounding()) + " to the inheritable set", "It is not in the bounding "
                    + "set (it was dropped before this request), so no thread can regain it");
        }
        if (Planner.setpcapNeeded(now, target) && (now.permitted() & Planner.SETPCAP) == 0) {
            String what = (now.bounding() & ~target.bounding()) != 0
                    ? "to drop " + CapNames.of(now.bounding() & ~target.bounding())
                            + " from the bounding set"
                    : (newInheritable & ~now.permitted()) != 0
                            ? "to add " + CapNames.of(newInheritable & ~now.permitted())
                                    + " to the inheritable set"
                            : "to change the securebits";
            throw Planner.refuse(operation, what, "This needs cap_setpcap in the permitted "
                    + "set, which this process lacks. " + Hints.grant(Planner.SETPCAP));
        }
    }

    private static void ambient(String operation, CredentialState now, CredentialState target) {
        long outside = target.ambient() & ~(target.permitted() & target.inheritable());
        if (outside != 0) {
            throw Planner.refuse(operation, "to raise " + CapNames.of(outside)
                    + " in the ambient set", "An ambient capability must be both permitted "
                    + "and inheritable: add it to the inheritable set first, e.g. "
                    + "Caps.fromProcess().add(Flag.INHERITABLE, ...).apply()");
        }
        // The kernel empties A when the uids leave 0, so what is kept must be raised again.
        boolean leavesRoot = now.uids().anyRoot() && !target.uids().anyRoot()
                && (now.securebits() & Planner.NO_SETUID_FIXUP) == 0;
        long raised = target.ambient() & ~(leavesRoot ? 0 : now.ambient());
        if (raised != 0 && (now.securebits() & Planner.NO_CAP_AMBIENT_RAISE) != 0) {
            throw Planner.refuse(operation, "to raise " + CapNames.of(raised) + " in the "
                    + "ambient set", "SECBIT_NO_CAP_AMBIENT_RAISE is set (securebits 0x"
                    + Integer.toHexString(now.securebits()) + ", e.g. after Mode.set(PURE1E), "
                    + "PURE1E_INIT or NOPRIV), so the kernel refuses every ambient raise in "
                    + "this process and its children; start the program with the capability "
                    + "in its permitted set instead (setcap ...+p, or a launcher that raises "
                    + "it before the mode is set)");
        }
    }

    /**
     * PR_SET_SECUREBITS rules: a locked flag cannot change, a lock cannot be cleared, and bits
     * without a name are neither set nor cleared by caps4j.
     */
    static void locks(String operation, int now, int target) {
        int named = SecurebitNames.NAMED;
        if (((now ^ target) & ~named) != 0) {
            throw new IllegalArgumentException(operation + ": refusing to change securebits "
                    + "caps4j has no name for (0x" + Integer.toHexString((now ^ target) & ~named)
                    + "); current 0x" + Integer.toHexString(now) + ", requested 0x"
                    + Integer.toHexString(target));
        }
        int lockedFlags = (now & ALL_LOCKS) >>> 1;
        int changedLocked = lockedFlags & (now ^ target);
        int clearedLocks = now & ALL_LOCKS & ~target;
        if (changedLocked != 0 || clearedLocks != 0) {
            throw Failures.failure(operation, Errno.EPERM, "to change locked securebits "
                    + SecurebitNames.of(changedLocked | clearedLocks),
                    "A securebit whose _LOCKED bit is set, and the _LOCKED bit itself, can "
                            + "never change again in this process; no thread was changed");
        }
    }

    private static void identity(String operation, CredentialState now,
            CredentialState target) {
        long needed = (now.uids().equals(target.uids()) ? 0 : Planner.SETUID)
                | (now.gids().equals(target.gids()) && now.groups().equals(target.groups())
                        ? 0 : Planner.SETGID);
        if (needed == 0) {
            return;
        }
        long missing = needed & ~now.permitted();
        if (missing != 0) {
            throw Planner.refuse(operation, "to change uid/gid: " + CapNames.of(missing)
                    + " is not in the permitted set", Hints.grant(missing));
        }
        if ((now.securebits() & KEEP_CAPS_LOCKED) != 0 && !now.keepCaps()) {
            throw Planner.refuse(operation, "to set keep-caps for the uid change",
                    "SECBIT_KEEP_CAPS_LOCKED is set, so keep-caps cannot be switched on and "
                            + "off; no thread was changed");
        }
        if (target.groups().size() > OpList.MAX_GROUPS) {
            throw new IllegalArgumentException(target.groups().size() + " supplementary "
                    + "groups: caps4j sets at most " + OpList.MAX_GROUPS + " (its signal "
                    + "handler cannot allocate); drop groups the program does not need");
        }
    }
}
