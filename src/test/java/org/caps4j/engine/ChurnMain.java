/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import org.caps4j.testing.Threads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM (root): args[0] broadcasts while two threads create and end platform threads
 * continuously (some at once, some after lingering and starting a child of their own) and
 * virtual threads park and wake, until at least args[1] threads were created.
 * Each broadcast toggles CAP_NET_RAW in the effective set; caps4j verifies every task after
 * each one, and this main also checks every task's CapEff with its own reader.
 */
public final class ChurnMain {
    public static void main(String[] args) throws Exception {
        int broadcasts = Integer.parseInt(args[0]);
        long minThreads = Long.parseLong(args[1]);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong created = new AtomicLong();
        List<Thread> churners = new ArrayList<>();
        // One churner's threads end at once: many tasks exit during every sweep, which is what
        // cuts a listing of /proc/self/task short. The other's threads linger 2 ms and start a
        // child that lingers too, so a thread the broadcast missed (or one created by a missed
        // thread) is still alive for the census below.
        churners.add(Threads.platform("churner-quick", () -> churn(stop, created, () -> { })));
        churners.add(Threads.platform("churner-lingering", () -> churn(stop, created, () -> {
            linger();
            Thread child = new Thread(ChurnMain::linger);
            child.start();
            created.incrementAndGet();
            joinQuietly(child);
        })));
        List<Thread> virtuals = new ArrayList<>();
        for (int v = 0; v < 32; v++) {
            // Virtual threads from JDK 21; platform threads that park the same way before.
            Runnable parker = () -> {
                while (!stop.get()) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            };
            virtuals.add(Threads.virtual(parker).orElseGet(() -> Threads.daemon("parker", parker)));
        }

        Caps full = Caps.fromProcess();
        Caps withoutRaw = full.remove(Flag.EFFECTIVE, Capability.NET_RAW);
        long[] micros = new long[broadcasts];
        int mismatches = 0, ownMismatches = 0, done = 0, maxTasks = 0;
        String firstMismatch = "";
        long start = System.nanoTime();
        long deadline = start + 50_000_000_000L;
        while ((done < broadcasts || created.get() < minThreads) && System.nanoTime() < deadline) {
            Caps target = done % 2 == 0 ? withoutRaw : full;
            long t0 = System.nanoTime();
            try {
                target.apply();
            } catch (CapabilityException e) {
                mismatches++;
                firstMismatch = firstMismatch.isEmpty() ? e.getMessage() : firstMismatch;
            }
            if (done < broadcasts) {
                micros[done] = (System.nanoTime() - t0) / 1000;
            }
            String expected = String.format("%016x", target.effective().mask());
            List<Map<String, String>> tasks = ProcTasks.read();
            maxTasks = Math.max(maxTasks, tasks.size());
            for (Map<String, String> task : tasks) {
                if (!expected.equals(task.get("CapEff"))) {
                    ownMismatches++;
                    firstMismatch = firstMismatch.isEmpty()
                            ? "own census: " + task : firstMismatch;
                }
            }
            done++;
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        stop.set(true);
        for (Thread t : churners) {
            t.join();
        }
        for (Thread t : virtuals) {
            t.join();
        }
        long[] timed = Arrays.copyOf(micros, Math.min(done, broadcasts));
        Arrays.sort(timed);
        System.out.println("broadcasts=" + done);
        System.out.println("threadsCreated=" + created.get());
        System.out.println("mismatches=" + mismatches);
        System.out.println("ownCensusMismatches=" + ownMismatches);
        System.out.println("firstMismatch=" + firstMismatch.replace('\n', ' '));
        System.out.println("maxTasks=" + maxTasks);
        System.out.println("elapsedMillis=" + elapsedMillis);
        System.out.println("medianMicros=" + timed[timed.length / 2]);
        System.out.println("p99Micros=" + timed[timed.length * 99 / 100]);
        System.out.println("maxMicros=" + timed[timed.length - 1]);
    }

    private static void churn(AtomicBoolean stop, AtomicLong created, Runnable body) {
        while (!stop.get()) {
            Thread[] batch = new Thread[4];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = new Thread(body);
                batch[i].start();
                created.incrementAndGet();
            }
            for (Thread t : batch) {
                joinQuietly(t);
            }
        }
    }

    private static void linger() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
