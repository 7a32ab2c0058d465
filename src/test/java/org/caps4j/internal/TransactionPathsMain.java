/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.Optional;
import org.caps4j.testing.Threads;
import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.Ambient;
import org.caps4j.Bounding;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.Iab;
import org.caps4j.Identity;
import org.caps4j.testing.ProcTasks;
import org.caps4j.testing.Seccomp;

/**
 * Child JVM (root) for the engine's failure paths and combined transactions, with 4 idle
 * pool workers alive. Failures are real: a seccomp filter ({@link Seccomp}) makes one system
 * call fail on chosen threads. Scenario in args[0]:
 * <ul>
 *   <li>{@code caller-late-failure}: PR_CAPBSET_DROP fails on the calling thread after the
 *       capset that borrowed CAP_SETPCAP: rolled back, reported, no thread changed;</li>
 *   <li>{@code identity-late-failure}: setresuid fails on the calling thread after keep-caps,
 *       setgroups and setresgid (issue 8, finding 4): restored exactly, keep-caps off;</li>
 *   <li>{@code others-fail}: capset fails on 4 threads that are not the caller: reported with
 *       each thread's tid, Java name and state, and again when the call is repeated;</li>
 *   <li>{@code differing-thread}: one thread has E = {} (applyToCurrentThread), so the list
 *       planned from the caller cannot drop from its bounding set; it is repaired with a
 *       plan of its own (issue 8, finding 5);</li>
 *   <li>{@code ambient}: ambient needs P and I; one combined P/I/A/B transaction, I set
 *       before the bounding drop; {@code iab}: "!%cap_net_admin,^cap_chown" (finding 7);</li>
 *   <li>{@code current-thread}, {@code glibc-setxid}, {@code unprivileged}.</li>
 * </ul>
 */
public final class TransactionPathsMain {
    static final String[] FIELDS = ProcTasks.CAP_FIELDS;
    static final String[] IDS = {"Uid", "Gid", "Groups", "CapEff", "CapPrm", "CapInh",
        "CapBnd", "CapAmb", "NoNewPrivs"};
    static final long CHOWN = 1L, NET_BIND = 1L << 10, NET_ADMIN = 1L << 12, NET_RAW = 1L << 13,
            SYS_TIME = 1L << 25;
    private static final int EPERM = 1;

    /**
     * Bound before main's first census: JNA starts helper threads (its cleaner) when it first
     * binds a function, which would otherwise appear between two censuses. Seccomp binds prctl.
     */
    private static final com.sun.jna.Function SETRESGID =
            NativeLibrary.getProcess().getFunction("setresgid");

    static {
        try {
            Class.forName(Seccomp.class.getName(), true, TransactionPathsMain.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static void main(String[] args) throws Throwable {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        switch (args[0]) {
            case "caller-late-failure" -> callerLateFailure();
            case "identity-late-failure" -> identityLateFailure();
            case "others-fail" -> othersFail();
            case "differing-thread" -> differingThread();
            case "ambient" -> ambient();
            case "iab" -> iab();
            case "current-thread" -> currentThread();
            case "glibc-setxid" -> glibcSetxid();
            case "unprivileged" -> unprivileged();
            default -> throw new IllegalArgumentException(args[0]);
        }
        pool.shutdownNow();
    }

    private static void callerLateFailure() {
        Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.SETPCAP).apply();
        ProcTasks.print("before", FIELDS);
        Seccomp.failOnCurrentThread(Seccomp.Syscall.PRCTL, Seccomp.PR_CAPBSET_DROP, EPERM);
        attempt(() -> Bounding.drop(Capability.NET_RAW));
        ProcTasks.print("after", FIELDS);
    }

    private static void identityLateFailure() {
        ProcTasks.print("before", IDS);
        Seccomp.failOnCurrentThread(Seccomp.Syscall.SETRESUID, EPERM);
        attempt(() -> Identity.change(65534, 65534, new int[] {7, 1, 2, 3, 4, 5, 100000},
                CapabilitySet.empty()));
        System.out.println("keepCaps=" + Natives.shim().readKeepCaps());
        ProcTasks.print("after", IDS);
    }

    private static void othersFail() {
        List<OwnThread> victims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            OwnThread victim = new OwnThread("victim-" + i);
            victim.run(() -> Seccomp.failOnCurrentThread(Seccomp.Syscall.CAPSET, EPERM));
            victims.add(victim);
            System.out.println("victim" + i + "=" + victim.tid() + " " + victim.name());
        }
        ProcTasks.print("before", FIELDS);
        attempt(() -> Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.NET_RAW).apply());
        ProcTasks.print("after", FIELDS);
        attempt(() -> Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.NET_RAW).apply());
        System.out.println("againMessage=" + lastMessage);
        ProcTasks.print("again", FIELDS);
    }

    private static void differingThread() {
        try (OwnThread lowered = new OwnThread("lowered-e")) {
            lowered.run(() -> Caps.fromProcess().deactivate().applyToCurrentThread());
            System.out.println("lowered.tid=" + lowered.tid());
            System.out.println("lowered.before.CapEff=" + Long.toHexString(lowered.call(
                    () -> Caps.fromProcess().effective().mask())));
            ProcTasks.print("before", FIELDS);
            attempt(() -> Bounding.drop(Capability.NET_RAW));
            System.out.println("lowered.after.CapEff=" + Long.toHexString(lowered.call(
                    () -> Caps.fromProcess().effective().mask())));
            System.out.println("lowered.after.CapBnd=" + Long.toHexString(lowered.call(
                    () -> Bounding.read().mask())));
            ProcTasks.print("after", FIELDS);
        }
    }

    private static void ambient() {
        // Ambient needs the capability in I (and P): refused before anything changes.
        ProcTasks.print("start", FIELDS);
        attempt(() -> Ambient.raise(Capability.NET_BIND_SERVICE));
        ProcTasks.print("refused", FIELDS);
        Caps.fromProcess().add(Flag.INHERITABLE, Capability.NET_BIND_SERVICE,
                Capability.NET_RAW).apply();
        Ambient.raise(Capability.NET_BIND_SERVICE, Capability.NET_RAW);
        ProcTasks.print("raised", FIELDS);
        Ambient.lower(Capability.NET_RAW);
        ProcTasks.print("lowered", FIELDS);
        // Dropping I drops A on every thread.
        Caps.fromProcess().remove(Flag.INHERITABLE, Capability.NET_BIND_SERVICE).apply();
        ProcTasks.print("inheritableDropped", FIELDS);
        Caps.fromProcess().add(Flag.INHERITABLE, Capability.NET_BIND_SERVICE).apply();
        Ambient.raise(Capability.NET_BIND_SERVICE);
        Ambient.clear();
        ProcTasks.print("cleared", FIELDS);
        // P, I, A and B in one transaction, I keeping cap_sys_time that the same transaction
        // drops from the bounding set; CAP_SETPCAP borrowed and dropped last.
        CredentialState now = CredentialState.ofCallingThread();
        long p = NET_BIND | NET_RAW;
        Engine.apply("combined", Scope.CAPS.and(Scope.bounding(SYS_TIME))
                .and(Scope.ambient(KernelUniverse.allMask())), s -> s.withCaps(NET_BIND, p,
                        p | SYS_TIME).withBounding(s.bounding() & ~SYS_TIME).withAmbient(NET_RAW));
        System.out.println("combined.before=" + Long.toHexString(now.bounding()));
        ProcTasks.print("combined", FIELDS);
    }

    private static void iab() {
        ProcTasks.print("before", FIELDS);
        attempt(() -> Iab.parse("!%cap_net_admin,^cap_chown").apply());
        ProcTasks.print("after", FIELDS);
    }

    /**
     * glibc's own all-threads setresgid (signal 33, SI_TKILL) still works once our handler is
     * installed (its deliveries are chained to glibc's handler), and ours keeps working after.
     */
    private static void glibcSetxid() throws Throwable {
        Caps full = Caps.fromProcess();
        full.remove(Flag.EFFECTIVE, Capability.NET_RAW).apply();
        int rc = SETRESGID.invokeInt(new Object[] {0, 12345, 0}); // effective gid: every task
        System.out.println("setresgid=" + rc);
        ProcTasks.print("glibc", "Gid");
        full.apply();
        ProcTasks.print("after", FIELDS);
    }

    /**
     * applyToCurrentThread changes exactly one task; refused on a virtual thread; a kernel
     * refusal there leaves that thread unchanged and says no other thread is involved.
     */
    private static void currentThread() throws Exception {
        Optional<Thread> virtual = Threads.virtual(() -> {
            try {
                Caps.empty().applyToCurrentThread();
                System.out.println("virtual=none");
            } catch (IllegalStateException e) {
                System.out.println("virtual=" + e.getMessage());
            }
        });
        if (virtual.isPresent()) {
            virtual.get().join();
        } else {
            System.out.println("virtual=no virtual threads before JDK 21");
        }
        // A real refusal on the calling thread only: capset fails under a seccomp filter.
        OwnThread filtered = new OwnThread("filtered");
        filtered.run(() -> {
            Seccomp.failOnCurrentThread(Seccomp.Syscall.CAPSET, EPERM);
            attempt(() -> Caps.fromProcess().deactivate().applyToCurrentThread());
        });
        ProcTasks.print("before", FIELDS);
        Caps.empty().applyToCurrentThread();
        System.out.println("self.CapEff=" + Long.toHexString(Caps.fromProcess().effective()
                .mask()));
        ProcTasks.print("after", FIELDS);
    }

    /** As nobody without capabilities: refusals name the capability; a pure drop works. */
    private static void unprivileged() {
        attempt(() -> Bounding.drop(Capability.NET_RAW));
        System.out.println("boundingMessage=" + lastMessage);
        attempt(() -> Caps.empty().add(Flag.PERMITTED, Capability.NET_RAW).apply());
        System.out.println("permittedMessage=" + lastMessage);
        Caps.empty().apply();
        ProcTasks.print("after", FIELDS);
    }

    private static String lastMessage = "";

    private static void attempt(Runnable action) {
        try {
            action.run();
            System.out.println("thrown=none");
        } catch (CapabilityException e) {
            System.out.println("thrown=" + e.getClass().getSimpleName());
            System.out.println("errno=" + e.errnoName());
            System.out.println("message=" + e.getMessage());
            lastMessage = e.getMessage();
        }
    }
}
