package org.caps4j.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.caps4j.Mode;

/**
 * What the launch thread does to its own credentials before it spawns the child, checked and
 * planned entirely before anything changes: [uid/gid/groups change keeping P], the IAB
 * (inheritable, bounding drops, ambient raise: see {@link Planner}), [a libcap mode],
 * [no_new_privs]. Each step is an op list run with raw system calls on the launch thread only.
 *
 * @param uid target uid, or -1 for unchanged (also {@code gid}, {@code groups})
 * @param inheritable the child's inheritable set (mask)
 * @param ambient the child's ambient set (mask, within inheritable)
 * @param blocked capabilities to drop from the bounding set (mask)
 * @param mode a libcap mode for the child, or null
 */
public record LaunchPlan(int uid, int gid, int[] groups, long inheritable, long ambient,
        long blocked, Mode mode, boolean noNewPrivs) {
    static final String OPERATION = "Launcher.start";

    /** The op lists in order, and the state the launch thread must reach. */
    record Steps(List<OpList> lists, KernelState expected, boolean noNewPrivs, int securebits) {}

    /** Plans from {@code now} (the launch thread's state); throws before any change. */
    Steps plan(KernelState now, int securebits, boolean nnpNow) {
        List<OpList> lists = new ArrayList<>();
        long missingAmbient = ambient & ~now.permitted();
        if (missingAmbient != 0) {
            throw refuse("to make " + KernelState.names(missingAmbient) + " ambient for the "
                    + "child", KernelState.names(missingAmbient) + " is not in the JVM's "
                    + "permitted set; the launch thread can only raise inheritable and ambient "
                    + "capabilities within its permitted set: start the JVM with it (as root, "
                    + "or AmbientCapabilities= in its systemd unit)");
        }
        KernelState state = now;
        if (uid != -1) {
            lists.add(identity(now, securebits));
            state = now.withAmbient(0); // the kernel clears A when the uids leave 0
        }
        KernelState target = state.withCaps(state.effective(), state.permitted(), inheritable)
                .withBounding(state.bounding() & ~blocked).withAmbient(ambient);
        Planner.Plan iab = Planner.plan(OPERATION, state, target, securebits);
        if (iab.ops().size() > 0) {
            lists.add(iab.ops());
        }
        state = iab.expected();
        boolean nnp = nnpNow;
        int bits = uid != -1 ? securebits & ~CredentialTransactions.KEEP_CAPS_BIT : securebits;
        if (mode != null) {
            if (mode != Mode.HYBRID && ambient != 0) {
                throw refuse("to give the child ambient capabilities in mode " + mode, "Every "
                        + "mode but HYBRID sets SECBIT_NO_CAP_AMBIENT_RAISE and clears the "
                        + "ambient set; ask for one or the other");
            }
            if ((mode == Mode.PURE1E_INIT || mode == Mode.NOPRIV) && inheritable != 0) {
                throw refuse("to give the child inheritable capabilities in mode " + mode,
                        "Mode " + mode + " empties the inheritable set");
            }
            if ((state.permitted() & Planner.SETPCAP) == 0) {
                throw refuse("to give the child mode " + mode, "The launch thread needs "
                        + "cap_setpcap in the JVM's permitted set to set securebits");
            }
            ModeTransactions.Target modeTarget = ModeTransactions.target(mode, state, nnpNow);
            CredentialTransactions.checkLocks(OPERATION, securebits, modeTarget.securebits());
            lists.add(ModeTransactions.ops(mode, state, modeTarget, nnpNow));
            state = modeTarget.state();
            nnp = modeTarget.noNewPrivs();
            bits = modeTarget.securebits();
        }
        if (noNewPrivs && !nnp) {
            lists.add(OpList.builder().noNewPrivs().build());
            nnp = true;
        }
        return new Steps(lists, state, nnp, bits);
    }

    private OpList identity(KernelState now, int securebits) {
        long needed = CredentialTransactions.SETUID | CredentialTransactions.SETGID;
        long missing = needed & ~now.permitted();
        if (missing != 0) {
            throw refuse("to run the child as uid " + Integer.toUnsignedString(uid),
                    KernelState.names(missing) + " is not in the JVM's permitted set: run as "
                            + "root, or grant it with setcap " + KernelState.names(missing)
                            + "+p <program>, or AmbientCapabilities= in the systemd unit");
        }
        if ((securebits & CredentialTransactions.KEEP_CAPS_LOCKED_BIT) != 0) {
            throw refuse("to run the child as uid " + Integer.toUnsignedString(uid),
                    "SECBIT_KEEP_CAPS_LOCKED is set, so the launch thread cannot keep its "
                            + "permitted set across the uid change");
        }
        OpList.Builder ops = OpList.builder();
        if ((now.effective() & needed) != needed) {
            ops.capset(now.effective() | needed, now.permitted(), now.inheritable());
        }
        return ops.keepCaps(true).setgroups(groups).setresgid(gid).setresuid(uid)
                .keepCaps(false).capset(now.effective(), now.permitted(), now.inheritable())
                .build();
    }

    /** The ids the launch thread must show, as text; empty if they match. */
    String idDifferences(org.caps4j.TaskCredentials task) {
        if (uid == -1) {
            return "";
        }
        long u = Integer.toUnsignedLong(uid), g = Integer.toUnsignedLong(gid);
        var want = List.of(u, u, u, u);
        var wantG = List.of(g, g, g, g);
        var uids = List.of(task.uids().real(), task.uids().effective(), task.uids().saved(),
                task.uids().filesystem());
        var gids = List.of(task.gids().real(), task.gids().effective(), task.gids().saved(),
                task.gids().filesystem());
        int[] sorted = groups.clone();
        Arrays.sort(sorted);
        return (uids.equals(want) ? "" : " Uid " + uids) + (gids.equals(wantG) ? "" : " Gid "
                + gids) + ProcGroups.differences(task.tid(), sorted);
    }

    static RuntimeException refuse(String what, String hint) {
        return Failures.failure(OPERATION, Errno.EPERM, what + " (nothing was started)", hint);
    }
}
