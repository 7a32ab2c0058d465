/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.caps4j.Ambient;
import org.caps4j.Capability;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.testing.NetEffects;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM for L1/L3 (run as root): 4 pool workers alive and ambient caps set on every
 * thread, then {@code Caps.empty().apply()} from main. Prints censuses read from
 * /proc/self/task and what pool workers and threads created afterwards can still do.
 */
public final class DropAllThreadsMain {
    private static final String[] FIELDS = {"CapEff", "CapPrm", "CapInh", "CapAmb"};

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();

        Caps.fromProcess().add(Flag.INHERITABLE, Capability.NET_BIND_SERVICE,
                Capability.NET_RAW).apply();
        Ambient.raise(Capability.NET_BIND_SERVICE, Capability.NET_RAW);
        ProcTasks.print("before", FIELDS);
        System.out.println("before.worker.bind80=" + pool.submit(NetEffects::bind80).get());
        System.out.println("before.worker.raw=" + pool.submit(NetEffects::rawSocket).get());
        System.out.println("poolSize=" + pool.getPoolSize());

        long start = System.nanoTime();
        Caps.empty().apply();
        System.out.println("applyMicros=" + (System.nanoTime() - start) / 1000);

        ProcTasks.print("after", FIELDS);
        System.out.println("after.worker.bind80=" + pool.submit(NetEffects::bind80).get());
        System.out.println("after.worker.raw=" + pool.submit(NetEffects::rawSocket).get());
        System.out.println("after.main.bind80=" + NetEffects.bind80());

        // L3: threads created after the drop inherit it.
        report("l3.newThread", onNewThread());
        report("l3.forkJoin", ForkJoinPool.commonPool().submit(DropAllThreadsMain::ownStatus).get());
        System.gc();
        report("l3.afterGc", onNewThread());
        ThreadPoolExecutor freshPool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        report("l3.freshPool", freshPool.submit(DropAllThreadsMain::ownStatus).get());
        ProcTasks.print("l3", FIELDS);
        pool.shutdownNow();
        freshPool.shutdownNow();
    }

    private static String onNewThread() throws InterruptedException {
        AtomicReference<String> out = new AtomicReference<>();
        Thread thread = new Thread(() -> out.set(ownStatus()));
        thread.start();
        thread.join();
        return out.get();
    }

    /** CapEff/CapPrm of the calling thread, its bind :80 and raw-socket outcome. */
    private static String ownStatus() {
        try {
            String eff = "", prm = "";
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("CapEff:")) {
                    eff = line.substring(7).strip();
                } else if (line.startsWith("CapPrm:")) {
                    prm = line.substring(7).strip();
                }
            }
            return eff + "/" + prm + "/" + NetEffects.bind80() + "/" + NetEffects.rawSocket();
        } catch (java.io.IOException e) {
            return "unreadable:" + e;
        }
    }

    private static void report(String label, String status) {
        System.out.println(label + "=" + status);
    }
}
