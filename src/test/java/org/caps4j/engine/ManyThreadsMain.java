/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.testing.ProcTasks;
import org.caps4j.testing.Seccomp;

/**
 * Child JVM (root): more threads than one broadcast reports on (ShimStructs.MAX_RESULTS,
 * 8,192) and more than one read of /proc/self/task lists, so the sweep cannot prove a listing
 * complete and the census must list the tasks itself. The newest thread refuses capset (a
 * seccomp filter): the drop of cap_net_raw from E must fail and name it. Once it has exited,
 * the drop and the raise again must reach every thread; each time this main checks every
 * task's CapEff with its own reader.
 */
public final class ManyThreadsMain {
    public static void main(String[] args) throws Exception {
        int extra = Integer.parseInt(args[0]);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(extra);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < extra; i++) {
            Thread thread = new Thread(null, () -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "parked-" + i, 64 * 1024);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        started.await();
        // The newest thread (last in the kernel's thread list, so past the report's 8,192
        // entries) refuses capset: only the census's own listing can find it.
        CountDownLatch refusing = new CountDownLatch(1);
        CountDownLatch releaseRefusing = new CountDownLatch(1);
        Thread last = new Thread(() -> {
            Seccomp.failOnCurrentThread(Seccomp.Syscall.CAPSET, 1 /* EPERM */);
            refusing.countDown();
            try {
                releaseRefusing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "last-refuses-capset");
        last.start();
        refusing.await();
        Caps full = Caps.fromProcess();
        Caps withoutRaw = full.remove(Flag.EFFECTIVE, Capability.NET_RAW);
        try {
            withoutRaw.apply();
            System.out.println("refused.thrown=no");
        } catch (CapabilityException e) {
            System.out.println("refused.thrown=yes");
            System.out.println("refused.named=" + e.getMessage().contains("last-refuses-capset"));
        }
        System.out.println("refused.differ=" + differ(withoutRaw));
        releaseRefusing.countDown();
        last.join();
        report("dropped", withoutRaw);
        report("restored", full);
        release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void report(String label, Caps target) {
        long t0 = System.nanoTime();
        target.apply();
        long micros = (System.nanoTime() - t0) / 1000;
        System.out.println(label + ".tasks=" + ProcTasks.read().size());
        System.out.println(label + ".differ=" + differ(target));
        System.out.println(label + ".micros=" + micros);
    }

    /** Tasks whose CapEff is not the target's, by the test's own reader of /proc. */
    private static long differ(Caps target) {
        String expected = String.format("%016x", target.effective().mask());
        return ProcTasks.read().stream().filter(t -> !expected.equals(t.get("CapEff"))).count();
    }
}
