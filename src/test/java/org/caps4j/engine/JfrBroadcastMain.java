/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import org.caps4j.testing.Threads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.caps4j.Capability;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.ThreadCensus;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM (root, started with a profiling JFR recording): four platform threads spin while
 * the main thread runs args[0] applies that alternately drop and raise CAP_NET_RAW in E.
 * Prints how many ran and failed, the slowest, and whether every task ended with the last
 * target's CapEff. Stops early after 60 s so a stalled run still reports.
 */
public final class JfrBroadcastMain {
    public static void main(String[] args) throws Exception {
        int applies = Integer.parseInt(args[0]);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong spins = new AtomicLong();
        for (int i = 0; i < 4; i++) {
            Threads.daemon("spinner-" + i, () -> {
                long local = 0;
                while (!stop.get()) {
                    local++;
                }
                spins.addAndGet(local);
            });
        }
        Thread.sleep(1_000); // let the recording's samplers run against the spinners
        Caps full = Caps.fromProcess();
        Caps withoutRaw = full.remove(Flag.EFFECTIVE, Capability.NET_RAW);
        // The first apply loads and links the engine's classes and installs the signal
        // handler; with four spinners and JFR on two CPUs that alone took 45-95 ms. It must
        // succeed, but the 100 ms bound is about stalls of the broadcast, so it is not counted.
        long w0 = System.nanoTime();
        full.apply();
        System.out.println("warmUpMillis=" + (System.nanoTime() - w0) / 1_000_000.0);
        Caps last = full;
        int done = 0, failures = 0, over100 = 0;
        long maxMicros = 0;
        String firstFailure = "";
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (done < applies && System.nanoTime() < deadline) {
            Caps target = done % 2 == 0 ? withoutRaw : full;
            long t0 = System.nanoTime();
            try {
                target.apply();
            } catch (RuntimeException e) {
                failures++;
                firstFailure = firstFailure.isEmpty() ? "apply " + done + ": " + e : firstFailure;
            }
            long micros = (System.nanoTime() - t0) / 1_000;
            maxMicros = Math.max(maxMicros, micros);
            over100 += micros > 100_000 ? 1 : 0;
            last = target;
            done++;
        }
        String expected = String.format("%016x", last.effective().mask());
        List<Map<String, String>> tasks = ProcTasks.read();
        long behind = tasks.stream().filter(t -> !expected.equals(t.get("CapEff"))).count();
        stop.set(true);
        System.out.println("applies=" + done);
        System.out.println("failures=" + failures);
        System.out.println("firstFailure=" + firstFailure.replace('\n', ' '));
        System.out.println("over100ms=" + over100);
        System.out.println("maxMillis=" + maxMicros / 1_000.0);
        System.out.println("tasks=" + tasks.size());
        System.out.println("tasksWithOtherCapEff=" + behind);
        System.out.println("censusUniform=" + ThreadCensus.take().isUniform());
        System.out.println("spinnerLoops=" + spins.get());
    }
}
