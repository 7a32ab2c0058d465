/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.Identity;
import org.caps4j.KeepCaps;
import org.caps4j.testing.NetEffects;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM for L9 (run as root), 4 pool workers alive. Modes: {@code keep} (become 65534
 * keeping NET_BIND_SERVICE), {@code nobody} (by name, keeping nothing), {@code keepcaps}
 * (KeepCaps.set(true) then glibc's own all-threads setresuid), {@code nokeepcaps} (the same
 * without keep-caps, the control), {@code refuse} (CAP_SETUID not permitted).
 */
public final class IdentityMain {
    static final String[] FIELDS =
            {"Uid", "Gid", "Groups", "CapEff", "CapPrm", "CapInh", "CapAmb", "CapBnd"};
    static final int WORKERS = 4;

    /**
     * Bound before main's first census: JNA starts helper threads (its cleaner) when it first
     * binds a function, which would otherwise appear between two censuses.
     */
    private static final com.sun.jna.Function SETRESUID =
            NativeLibrary.getProcess().getFunction("setresuid");

    public static void main(String[] args) throws Throwable {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        ProcTasks.print("before", FIELDS);
        System.out.println("before.workers.bind80=" + onEveryWorker(pool, NetEffects::bind80));
        switch (args[0]) {
            case "keep" -> Identity.change(65534, 65534, new int[0],
                    CapabilitySet.of(Capability.NET_BIND_SERVICE));
            case "nobody" -> Identity.change("nobody", CapabilitySet.empty());
            case "keepcaps", "nokeepcaps" -> {
                if (args[0].equals("keepcaps")) {
                    KeepCaps.set(true);
                }
                System.out.println("workers.keepCaps=" + onEveryWorker(pool,
                        () -> Boolean.toString(KeepCaps.isSet())));
                System.out.println("glibcSetresuid=" + glibcSetresuid(65534));
            }
            case "refuse" -> {
                Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.SETUID)
                        .remove(Flag.PERMITTED, Capability.SETUID).apply();
                ProcTasks.print("before", FIELDS);
                refused(() -> Identity.change(65534, 65534, new int[0], CapabilitySet.empty()),
                        "setuid");
                refused(() -> Identity.change(0, 0, new int[0],
                        CapabilitySet.of(Capability.SETUID)), "keep");
                refused(() -> Identity.change(1, 1, new int[65], CapabilitySet.empty()),
                        "groups");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        ProcTasks.print("after", FIELDS);
        System.out.println("after.workers.bind80=" + onEveryWorker(pool, NetEffects::bind80));
        System.out.println("after.main.bind80=" + NetEffects.bind80());
        System.out.println("after.main.keepCaps=" + KeepCaps.isSet());
        pool.shutdownNow();
    }

    private static void refused(Runnable change, String label) {
        try {
            change.run();
            System.out.println("refuse." + label + "=none");
        } catch (CapabilityException | IllegalArgumentException e) {
            System.out.println("refuse." + label + "=" + e.getClass().getSimpleName() + "|"
                    + e.getMessage());
        }
    }

    /**
     * Runs {@code task} once on each of the pool's workers (a barrier keeps each busy until all
     * have started one; the tasks then run one at a time, so two binds of :80 never collide),
     * returning the distinct results, e.g. {@code [ok]}.
     */
    static String onEveryWorker(ThreadPoolExecutor pool, Callable<String> task)
            throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(WORKERS);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            results.add(pool.submit(() -> {
                barrier.await(30, TimeUnit.SECONDS);
                synchronized (barrier) {
                    return task.call();
                }
            }));
        }
        TreeSet<String> distinct = new TreeSet<>();
        for (Future<String> result : results) {
            distinct.add(result.get());
        }
        return distinct.toString();
    }

    /** glibc's setresuid(uid, uid, uid): glibc itself applies it to every thread (SIGSETXID). */
    private static int glibcSetresuid(int uid) {
        return SETRESUID.invokeInt(new Object[] {uid, uid, uid});
    }
}
