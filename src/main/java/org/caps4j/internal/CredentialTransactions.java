package org.caps4j.internal;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.caps4j.CapabilityException;
import org.caps4j.SecureBit;
import org.caps4j.SecureBits;
import org.caps4j.TaskCredentials;

/**
 * Process-wide transactions on the credentials around capabilities: securebits, keep-caps,
 * no_new_privs and the uid/gid/groups change that keeps chosen capabilities. Each is one
 * broadcast of one op list (see {@link Transactions}), checked before anything changes and
 * verified afterwards: ids and caps with a census of /proc/self/task, securebits and keep-caps
 * (which /proc does not show) with the values every thread read back in the signal handler.
 */
public final class CredentialTransactions {
    static final long SETGID = 1L << 6, SETUID = 1L << 7;
    /** SECBIT_KEEP_CAPS: the securebit PR_SET_KEEPCAPS sets. */
    static final int KEEP_CAPS_BIT = 1 << 4, KEEP_CAPS_LOCKED_BIT = 1 << 5;
    /** The kernel's SECURE_ALL_LOCKS: the _LOCKED bits 1, 3, 5 and 7. */
    static final int ALL_LOCKS = 0b1010_1010;

    private CredentialTransactions() {}

    /**
     * Sets securebits to {@code target(current)} on every thread, and no_new_privs too if
     * asked; the current word is read under the transaction lock.
     */
    public static void setSecurebits(String operation, IntUnaryOperator targetOf,
            boolean noNewPrivs) {
        Transactions.LOCK.lock();
        try {
            NativeShim shim = Natives.shim();
            int now = Failures.check(shim.readSecurebits(), "prctl(PR_GET_SECUREBITS)", "");
            int target = targetOf.applyAsInt(now);
            boolean nnpNow = readNoNewPrivs(shim);
            checkLocks(operation, now, target);
            if (now == target && (nnpNow || !noNewPrivs)) {
                return; // nothing to do: the kernel state already is the target
            }
            KernelState caps = KernelState.ofCallingThread();
            OpList.Builder ops = OpList.builder();
            boolean borrow = now != target && borrow(operation, caps, Planner.SETPCAP,
                    "to change the securebits", ops);
            if (now != target) {
                ops.securebits(target);
            }
            if (noNewPrivs && !nnpNow) {
                ops.noNewPrivs();
            }
            if (borrow) {
                ops.capset(caps.effective(), caps.permitted(), caps.inheritable());
            }
            boolean nnp = nnpNow || noNewPrivs;
            List<ThreadResult> results = Transactions.run(operation, ops.build(),
                    task -> capsAnd(task, caps) + noNewPrivs(task, nnp));
            verifyReadBack(operation, results, target, nnp);
        } finally {
            Transactions.LOCK.unlock();
        }
    }

    /** PR_SET_NO_NEW_PRIVS on every thread (irreversible), verified. */
    public static void setNoNewPrivs(String operation) {
        Transactions.LOCK.lock();
        try {
            KernelState caps = KernelState.ofCallingThread();
            int securebits = Failures.check(Natives.shim().readSecurebits(),
                    "prctl(PR_GET_SECUREBITS)", "");
            List<ThreadResult> results = Transactions.run(operation,
                    OpList.builder().noNewPrivs().build(),
                    task -> capsAnd(task, caps) + noNewPrivs(task, true));
            verifyReadBack(operation, results, securebits, true);
        } finally {
            Transactions.LOCK.unlock();
        }
    }

    /** PR_SET_KEEPCAPS on every thread, verified with each thread's read-back. */
    public static void setKeepCaps(String operation, boolean on) {
        Transactions.LOCK.lock();
        try {
            NativeShim shim = Natives.shim();
            int now = Failures.check(shim.readSecurebits(), "prctl(PR_GET_SECUREBITS)", "");
            int target = on ? now | KEEP_CAPS_BIT : now & ~KEEP_CAPS_BIT;
            checkLocks(operation, now, target);
            boolean nnp = readNoNewPrivs(shim);
            KernelState caps = KernelState.ofCallingThread();
            List<ThreadResult> results = Transactions.run(operation,
                    OpList.builder().keepCaps(on).build(), task -> capsAnd(task, caps));
            verifyReadBack(operation, results, target, nnp);
        } finally {
            Transactions.LOCK.unlock();
        }
    }

    /**
     * One broadcast: [borrow CAP_SETUID/CAP_SETGID into E], keep-caps on, setgroups,
     * setresgid, setresuid, keep-caps off, capset(E = P = keep, I = {}). Verified: every task
     * has all four uids = uid, gids = gid, the groups, E = P = keep, I = A = {}.
     */
    public static void changeIdentity(String operation, int uid, int gid, int[] groups,
            long keep) {
        checkIds(uid, gid, groups);
        Transactions.LOCK.lock();
        try {
            NativeShim shim = Natives.shim();
            KernelState now = KernelState.ofCallingThread();
            long missing = (SETUID | SETGID) & ~now.permitted();
            if (missing != 0) {
                throw Failures.failure(operation, Errno.EPERM, "to change uid/gid: "
                        + KernelState.names(missing) + " is not in the permitted set",
                        "Run as root, or grant it with setcap " + KernelState.names(missing)
                                + "+p <program>, or AmbientCapabilities= in the systemd unit");
            }
            if ((keep & ~now.permitted()) != 0) {
                throw Failures.failure(operation, Errno.EPERM, "to keep "
                        + KernelState.names(keep & ~now.permitted())
                        + ": it is not in the permitted set", "Only permitted capabilities "
                        + "can be kept across a uid change; start the program with them");
            }
            int securebits = Failures.check(shim.readSecurebits(), "prctl(PR_GET_SECUREBITS)",
                    "");
            if ((securebits & KEEP_CAPS_LOCKED_BIT) != 0) {
                throw Failures.failure(operation, Errno.EPERM, "to set keep-caps for the uid "
                        + "change", "SECBIT_KEEP_CAPS_LOCKED is set, so keep-caps cannot be "
                        + "switched on and off; no thread was changed");
            }
            OpList.Builder ops = OpList.builder();
            long needed = SETUID | SETGID;
            if ((now.effective() & needed) != needed) {
                ops.capset(now.effective() | needed, now.permitted(), now.inheritable());
            }
            ops.keepCaps(true).setgroups(groups).setresgid(gid).setresuid(uid).keepCaps(false)
                    .capset(keep, keep, 0);
            KernelState expected = new KernelState(keep, keep, 0, now.bounding(), 0);
            int[] sortedGroups = groups.clone();
            Arrays.sort(sortedGroups);
            boolean nnp = readNoNewPrivs(shim);
            List<ThreadResult> results = Transactions.run(operation, ops.build(),
                    task -> KernelState.of(task).differences(expected)
                            + ids(task, uid, gid) + ProcGroups.differences(task.tid(),
                                    sortedGroups));
            verifyReadBack(operation, results, securebits & ~KEEP_CAPS_BIT, nnp);
        } finally {
            Transactions.LOCK.unlock();
        }
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

    /** Adds a capset raising {@code cap} into E if it is permitted but not effective. */
    static boolean borrow(String operation, KernelState now, long cap, String what,
            OpList.Builder ops) {
        if ((now.permitted() & cap) == 0) {
            throw Failures.failure(operation, Errno.EPERM, what + ": "
                    + KernelState.names(cap) + " is not in the permitted set",
                    "Run as root, or grant it with setcap " + KernelState.names(cap)
                            + "+p <program>, or AmbientCapabilities= in the systemd unit");
        }
        if ((now.effective() & cap) != 0) {
            return false;
        }
        ops.capset(now.effective() | cap, now.permitted(), now.inheritable());
        return true;
    }

    /**
     * The kernel's PR_SET_SECUREBITS rules, checked first so a refused change leaves every
     * thread as it was: a locked flag cannot change, a lock cannot be cleared, and bits without
     * a name are neither set nor cleared by caps4j.
     */
    static void checkLocks(String operation, int now, int target) {
        int named = 0;
        for (SecureBit bit : SecureBit.values()) {
            named |= bit.mask();
        }
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
                    + SecureBits.fromBits(changedLocked | clearedLocks),
                    "A securebit whose _LOCKED bit is set, and the _LOCKED bit itself, can "
                            + "never change again in this process; no thread was changed");
        }
    }

    /** Compares what every thread read back after the list, and the caller's own state. */
    static void verifyReadBack(String operation, List<ThreadResult> results,
            int securebits, boolean nnp) {
        NativeShim shim = Natives.shim();
        StringBuilder wrong = new StringBuilder();
        int count = 0;
        int expectedKeep = (securebits & KEEP_CAPS_BIT) != 0 ? 1 : 0;
        ThreadResult caller = new ThreadResult(shim.gettid(), ThreadResult.DONE, -1, 0,
                shim.readSecurebits(), shim.readKeepCaps(), shim.readNoNewPrivs(), -1, 0, 0);
        for (ThreadResult r : Stream.concat(Stream.of(caller), results.stream()).toList()) {
            if (r.ran() && (r.securebits() != securebits || r.keepCaps() != expectedKeep
                    || r.noNewPrivs() != (nnp ? 1 : 0))) {
                if (count++ < 10) {
                    wrong.append(wrong.isEmpty() ? "" : "; ").append("tid ").append(r.tid())
                            .append(" securebits 0x").append(Integer.toHexString(r.securebits()))
                            .append(" keep-caps ").append(r.keepCaps()).append(" no_new_privs ")
                            .append(r.noNewPrivs());
                }
            }
        }
        if (count > 0) {
            throw new CapabilityException(operation, 0, "to reach " + count + " threads",
                    "Expected securebits 0x" + Integer.toHexString(securebits) + ", keep-caps "
                            + expectedKeep + ", no_new_privs " + (nnp ? 1 : 0)
                            + " on every thread; read back: " + wrong);
        }
    }

    static boolean readNoNewPrivs(NativeShim shim) {
        return Failures.check(shim.readNoNewPrivs(), "prctl(PR_GET_NO_NEW_PRIVS)", "") == 1;
    }

    static String capsAnd(TaskCredentials task, KernelState caps) {
        return KernelState.of(task).differences(caps);
    }

    static String noNewPrivs(TaskCredentials task, boolean expected) {
        return task.noNewPrivs() == expected ? "" : " NoNewPrivs " + (task.noNewPrivs() ? 1 : 0)
                + " (expected " + (expected ? 1 : 0) + ")";
    }

    private static String ids(TaskCredentials task, int uid, int gid) {
        TaskCredentials.Ids u = task.uids(), g = task.gids();
        long wantU = Integer.toUnsignedLong(uid), wantG = Integer.toUnsignedLong(gid);
        String out = "";
        if (u.real() != wantU || u.effective() != wantU || u.saved() != wantU
                || u.filesystem() != wantU) {
            out += " Uid " + u + " (expected " + wantU + " x4)";
        }
        if (g.real() != wantG || g.effective() != wantG || g.saved() != wantG
                || g.filesystem() != wantG) {
            out += " Gid " + g + " (expected " + wantG + " x4)";
        }
        return out;
    }
}
