/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import org.caps4j.testing.Threads;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.caps4j.testing.NativeLink;


import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.Identity;
import org.caps4j.testing.KernelStatus;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM (root, x86_64): installs a seccomp filter on the calling (main) thread only, no
 * TSYNC, that makes capset(2) fail with EPERM, then calls
 * {@code Identity.change(65534, 65534, {}, {cap_net_bind_service})}: the op list (keep-caps,
 * setgroups, setresgid, setresuid, keep-caps off, capset) fails at its last step on the calling
 * thread, after the ids changed there. E is first narrowed (process-wide, before the filter) to
 * exactly what the change keeps and borrows, so the planner needs no capset before the ids
 * change and the first capset is the last step. Prints the exception, the calling thread's status
 * before and after, and how many other tasks differ from their state before.
 */
public final class CallerLateFailureMain {
    private static final int PR_SET_SECCOMP = 22, SECCOMP_MODE_FILTER = 2,
            PR_SET_NO_NEW_PRIVS = 38;
    private static final String[] FIELDS = {"Uid", "Gid", "Groups", "CapEff", "CapPrm", "CapInh"};

    public static void main(String[] args) throws Throwable {
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            Threads.daemon("bystander-" + i, () -> {
                try {
                    never.await();
                } catch (InterruptedException ignored) {
                    // exits with the JVM
                }
            });
        }
        Caps.fromProcess().with(Flag.EFFECTIVE, CapabilitySet.of(Capability.NET_BIND_SERVICE,
                Capability.SETUID, Capability.SETGID)).apply();
        long pid = ProcessHandle.current().pid();
        int self = TestNatives.tid();
        Map<String, String> before = KernelStatus.of(pid, self).orElseThrow();
        List<Map<String, String>> othersBefore = ProcTasks.read();
        {
            // With E narrowed, CAP_SYS_ADMIN is not effective: a filter then needs
            // no_new_privs, set here on this thread only (other threads stay as they were).
            if (setNoNewPrivsOnThisThread() != 0) {
                throw new AssertionError("could not set no_new_privs on the calling thread");
            }
            int rc = TestNatives.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, denyCapset());
            System.out.println("seccomp=" + rc);
            if (rc != 0) {
                throw new AssertionError("could not install the seccomp filter");
            }
        }
        try {
            Identity.change(65534, 65534, new int[0], CapabilitySet.of(Capability.NET_BIND_SERVICE));
            System.out.println("thrown=none");
        } catch (CapabilityException e) {
            System.out.println("thrown=" + e.getClass().getSimpleName());
            System.out.println("errno=" + e.errnoName());
            System.out.println("message=" + e.getMessage().replace('\n', ' '));
        }
        Map<String, String> after = KernelStatus.of(pid, self).orElseThrow();
        for (String field : FIELDS) {
            System.out.println("caller.before." + field + "=" + before.get(field));
            System.out.println("caller.after." + field + "=" + after.get(field));
        }
        int others = 0, otherChanged = 0;
        StringBuilder changed = new StringBuilder();
        for (Map<String, String> task : othersBefore) {
            int tid = Integer.parseInt(task.get("Tid"));
            Map<String, String> now = KernelStatus.of(pid, tid).orElse(null);
            if (tid == self || now == null) {
                continue;
            }
            others++;
            for (String field : FIELDS) {
                String old = task.get(field).strip().replaceAll("\\s+", " ");
                if (!old.equals(now.get(field))) {
                    otherChanged++;
                    changed.append(tid).append(':').append(field).append('=').append(now.get(field))
                            .append(' ');
                    break;
                }
            }
        }
        System.out.println("others=" + others);
        System.out.println("othersChanged=" + otherChanged);
        System.out.println("othersChangedDetail=" + changed);
    }

    /**
     * {@code struct sock_fprog} for: if arch == AUDIT_ARCH_X86_64 and nr == 126 (capset) return
     * SECCOMP_RET_ERRNO | EPERM, else SECCOMP_RET_ALLOW.
     */
    private static ByteBuffer denyCapset() {
        int[][] program = {
            {0x20, 0, 0, 4},              // ld  [4]   seccomp_data.arch
            {0x15, 0, 3, 0xc000003e},     // jeq #AUDIT_ARCH_X86_64, next, allow
            {0x20, 0, 0, 0},              // ld  [0]   seccomp_data.nr
            {0x15, 0, 1, 126},            // jeq #__NR_capset, deny, allow
            {0x06, 0, 0, 0x00050000 | 1}, // deny:  ret SECCOMP_RET_ERRNO | EPERM
            {0x06, 0, 0, 0x7fff0000},     // allow: ret SECCOMP_RET_ALLOW
        };
        // Direct buffers, not JNA Memory: its first use starts a "JNA Cleaner" thread.
        ByteBuffer filter = ByteBuffer.allocateDirect(8 * program.length)
                .order(ByteOrder.nativeOrder());
        for (int i = 0; i < program.length; i++) {
            int at = 8 * i;
            filter.putShort(at, (short) program[i][0]);
            filter.put(at + 2, (byte) program[i][1]);
            filter.put(at + 3, (byte) program[i][2]);
            filter.putInt(at + 4, program[i][3]);
        }
        ByteBuffer fprog = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        fprog.putShort(0, (short) program.length);
        fprog.putLong(8, Pointer.nativeValue(Native.getDirectBufferPointer(filter)));
        return fprog;
    }

    /** prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0): the kernel wants the unused arguments zero. */
    private static int setNoNewPrivsOnThisThread() {
        return NativeLink.function(null, "prctl").invokeInt(
                new Object[] {PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L});
    }
}
