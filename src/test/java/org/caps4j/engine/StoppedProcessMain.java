/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import org.caps4j.testing.Threads;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.caps4j.Capability;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.ThreadCensus;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM (root) for issue 8 item 5(a): 100 idle threads and the late-answering native
 * thread of args[0] ({@code late_answer_thread.c}), which stops the whole process with SIGSTOP
 * args[1] times, each while a broadcast waits for it (the test continues the process 11 s
 * later). Meanwhile the main thread applies, alternately dropping and raising CAP_NET_RAW in
 * E, until 3 s after the last stop was seen. Prints {@code looping} once applies run, then how
 * many ran and failed, and whether every task ended with the last successful target's CapEff.
 */
public final class StoppedProcessMain {
    public static void main(String[] args) throws Exception {
        TestNatives.load(Path.of(args[0]));
        int stops = Integer.parseInt(args[1]);
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 100; i++) {
            Threads.daemon("idle-" + i, () -> {
                try {
                    never.await();
                } catch (InterruptedException ignored) {
                    // exits with the JVM
                }
            });
        }
        Caps full = Caps.fromProcess();
        Caps withoutRaw = full.remove(Flag.EFFECTIVE, Capability.NET_RAW);
        Caps last = full;
        int done = 0, failures = 0;
        String firstFailure = "";
        long maxMillis = 0;
        System.out.println("lateTid=" + TestNatives.callInt("caps4j_test_late_thread", stops));
        System.out.println("looping");
        long deadline = System.nanoTime() + 90_000_000_000L, end = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, end)) {
            Caps target = done % 2 == 0 ? withoutRaw : full;
            long t0 = System.nanoTime();
            try {
                target.apply();
                last = target;
            } catch (RuntimeException e) {
                failures++;
                firstFailure = firstFailure.isEmpty() ? "apply " + done + ": " + e : firstFailure;
            }
            maxMillis = Math.max(maxMillis, (System.nanoTime() - t0) / 1_000_000);
            done++;
            if (end == Long.MAX_VALUE && TestNatives.callInt("caps4j_test_late_stops") >= stops) {
                end = System.nanoTime() + 3_000_000_000L;
            }
        }
        String expected = String.format("%016x", last.effective().mask());
        List<Map<String, String>> tasks = ProcTasks.read();
        System.out.println("stops=" + TestNatives.callInt("caps4j_test_late_stops"));
        System.out.println("applies=" + done);
        System.out.println("failures=" + failures);
        System.out.println("firstFailure=" + firstFailure.replace('\n', ' '));
        System.out.println("maxApplyMillis=" + maxMillis);
        System.out.println("tasks=" + tasks.size());
        System.out.println("tasksWithOtherCapEff="
                + tasks.stream().filter(t -> !expected.equals(t.get("CapEff"))).count());
        System.out.println("censusUniform=" + ThreadCensus.take().isUniform());
    }
}
