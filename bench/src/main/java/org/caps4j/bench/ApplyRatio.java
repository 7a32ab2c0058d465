/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@link ApplyBenchmark}'s comparison made robust to a shared, loaded machine: the variants are
 * interleaved call by call (rotating order) in one JVM, so load changes hit all of them alike,
 * and medians are reported, with the median of the per-round ratios apply/glibc. JMH's
 * averages are the reference figures; this is the cross-check for the ratios.
 *
 * <p>Usage: {@code ApplyRatio [rounds] [tasks...]} (default 400 rounds at 64 and 512 tasks).
 * Needs root, as {@link ApplyBenchmark}.
 */
public final class ApplyRatio {
    private static final String[] NAMES = {"apply", "glibcSetresuid", "rawBroadcast"};

    private ApplyRatio() {}

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {64, 512};
        System.out.println("| tasks | variant | median us | p25 us | p75 us |");
        System.out.println("|---:|---|---:|---:|---:|");
        for (int tasks : sizes) {
            ApplyBenchmark bench = new ApplyBenchmark();
            bench.tasks = tasks;
            bench.setUp();
            try {
                measure(bench, Math.max(20, rounds / 4)); // warm-up
                long[][] nanos = measure(bench, rounds);
                double[] ratios = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    ratios[i] = (double) nanos[0][i] / nanos[1][i];
                }
                for (int v = 0; v < NAMES.length; v++) {
                    long[] sorted = nanos[v].clone();
                    Arrays.sort(sorted);
                    System.out.printf(Locale.ROOT, "| %d | %s | %.0f | %.0f | %.0f |%n", tasks,
                            NAMES[v], sorted[rounds / 2] / 1e3, sorted[rounds / 4] / 1e3,
                            sorted[rounds * 3 / 4] / 1e3);
                }
                Arrays.sort(ratios);
                System.out.printf(Locale.ROOT, "| %d | apply/glibc (median of per-round "
                        + "ratios) | %.2f | %.2f | %.2f |%n", tasks, ratios[rounds / 2],
                        ratios[rounds / 4], ratios[rounds * 3 / 4]);
            } finally {
                bench.tearDown();
            }
        }
    }

    /** nanos[variant][round], the variants in a different order each round. */
    private static long[][] measure(ApplyBenchmark bench, int rounds) throws Throwable {
        long[][] nanos = new long[NAMES.length][rounds];
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < NAMES.length; k++) {
                int v = (i + k) % NAMES.length;
                long start = System.nanoTime();
                int rc = switch (v) {
                    case 0 -> {
                        bench.apply();
                        yield 0;
                    }
                    case 1 -> bench.glibcSetresuid();
                    default -> bench.rawBroadcast();
                };
                nanos[v][i] = System.nanoTime() - start;
                if (rc != 0) {
                    throw new IllegalStateException(NAMES[v] + " returned " + rc);
                }
            }
        }
        return nanos;
    }
}
