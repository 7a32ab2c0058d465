/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;


/**
 * What a spawned child does to its own credentials between clone and exec, checked and planned
 * entirely before anything starts: [uid/gid/groups change keeping P], the IAB, [a libcap
 * mode], [no_new_privs], as one op list from {@link Planner} that the child runs with the
 * shim's raw-syscall executor (see {@link ChildSpawner}).
 *
 * @param uid target uid, or -1 for unchanged (also {@code gid}, {@code groups})
 * @param inheritable the child's inheritable set (mask)
 * @param ambient the child's ambient set (mask, within inheritable)
 * @param blocked capabilities to drop from the bounding set (mask)
 * @param mode a libcap mode for the child, or null
 */
public record LaunchPlan(int uid, int gid, int[] groups, long inheritable, long ambient,
        long blocked, CapMode mode, boolean noNewPrivs) {
    static final String OPERATION = "Launcher.start";

    /**
     * Plans from {@code now} (the calling thread's state, which the clone child starts from) to the child's credentials, as one op
     * list in the planner's order; throws before any change.
     */
    Planner.Plan plan(CredentialState now) {
        long missingAmbient = ambient & ~now.permitted();
        if (missingAmbient != 0) {
            throw refuse("to make " + CapNames.of(missingAmbient) + " ambient for the "
                    + "child", CapNames.of(missingAmbient) + " is not in the JVM's "
                    + "permitted set; the child can only raise inheritable and ambient "
                    + "capabilities within its permitted set: start the JVM with it (as root, "
                    + "or AmbientCapabilities= in its systemd unit)");
        }
        long missingIds = (Planner.SETUID | Planner.SETGID) & ~now.permitted();
        if (uid != -1 && missingIds != 0) {
            throw refuse("to run the child as uid " + Integer.toUnsignedString(uid),
                    CapNames.of(missingIds) + " is not in the JVM's permitted set. "
                            + Hints.grant(missingIds));
        }
        CredentialState target = now;
        if (uid != -1) {
            target = target.withIds(CredentialState.Ids.all(uid), CredentialState.Ids.all(gid),
                    CredentialState.sortedGroups(groups))
                    .withSecurebits(now.securebits() & ~CredentialState.KEEP_CAPS);
        }
        target = target.withCaps(now.effective(), now.permitted(), inheritable)
                .withBounding(now.bounding() & ~blocked).withAmbient(ambient);
        if (mode != null) {
            if (mode != CapMode.HYBRID && ambient != 0) {
                throw refuse("to give the child ambient capabilities in mode " + mode, "Every "
                        + "mode but HYBRID sets SECBIT_NO_CAP_AMBIENT_RAISE and clears the "
                        + "ambient set; ask for one or the other");
            }
            if ((mode == CapMode.PURE1E_INIT || mode == CapMode.NOPRIV) && inheritable != 0) {
                throw refuse("to give the child inheritable capabilities in mode " + mode,
                        "Mode " + mode + " empties the inheritable set");
            }
            if ((now.permitted() & Planner.SETPCAP) == 0) {
                throw refuse("to give the child mode " + mode, "The child needs "
                        + "cap_setpcap in the JVM's permitted set to set securebits");
            }
            target = ModeTransactions.target(mode, target);
        }
        if (noNewPrivs) {
            target = target.withNoNewPrivs(true);
        }
        return Planner.plan(OPERATION, now, target, new Scope(Fields.ALL,
                now.bounding() | target.bounding(), now.ambient() | target.ambient()));
    }

    static RuntimeException refuse(String what, String hint) {
        return Failures.failure(OPERATION, Errno.EPERM, what + " (nothing was started)", hint);
    }
}
