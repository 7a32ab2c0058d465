/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.bench;

import java.util.Arrays;
import org.caps4j.Capability;
import org.caps4j.Caps;

/**
 * Issue 11's comparison of the two native backends, run once per backend (the backend is fixed
 * for a JVM): {@code Caps.fromProcess()} (the read path: one capget) in ns per call, and one
 * all-threads {@code Caps.apply()} that changes E (cap_net_raw off, then on) in µs per call.
 * Medians of {@code rounds} batches. Run as root, once with each backend:
 *
 * <pre>
 * java -Dcaps4j.backend=ffm --enable-native-access=ALL-UNNAMED -cp CP org.caps4j.bench.BackendComparison
 * java -Dcaps4j.backend=jna -Djna.boot.library.path=target/lib --enable-native-access=ALL-UNNAMED \
 *     -cp CP:target/lib/jna-5.19.1.jar org.caps4j.bench.BackendComparison
 * </pre>
 */
public final class BackendComparison {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int reads = 200_000;
        int applies = 200;
        Caps start = Caps.fromProcess();
        Caps without = start.remove(org.caps4j.Flag.EFFECTIVE, Capability.NET_RAW);
        long sink = 0;
        for (int i = 0; i < reads * 5; i++) { // warm-up
            sink += Caps.fromProcess().effective().size();
        }
        for (int i = 0; i < applies; i++) {
            (i % 2 == 0 ? without : start).apply();
        }
        double[] readNanos = new double[rounds];
        double[] applyMicros = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reads; i++) {
                sink += Caps.fromProcess().effective().size();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < applies; i++) {
                (i % 2 == 0 ? without : start).apply();
            }
            long t2 = System.nanoTime();
            readNanos[r] = (t1 - t0) / (double) reads;
            applyMicros[r] = (t2 - t1) / 1000.0 / applies;
        }
        start.apply();
        Arrays.sort(readNanos);
        Arrays.sort(applyMicros);
        System.out.printf("backend %s, java %d, %d threads%n", System.getProperty(
                "caps4j.backend", "default"), Runtime.version().feature(), Thread.activeCount());
        System.out.printf("Caps.fromProcess()  median %.1f ns/call (min %.1f, max %.1f)%n",
                readNanos[rounds / 2], readNanos[0], readNanos[rounds - 1]);
        System.out.printf("Caps.apply() all threads  median %.1f us/call (min %.1f, max %.1f)%n",
                applyMicros[rounds / 2], applyMicros[0], applyMicros[rounds - 1]);
        if (sink == 42) {
            System.out.println();
        }
    }
}
