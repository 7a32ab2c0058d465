/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.bench;

import java.util.Arrays;
import org.caps4j.Iab;
import org.caps4j.Launcher;

/**
 * Issue 10's comparison, interleaved in one run so both sides see the same machine load:
 * {@code Launcher.start()+waitFor()} of {@code /bin/true} as nobody with one ambient
 * capability against a plain {@code ProcessBuilder.start()+waitFor()} of {@code /bin/true}.
 * Each round runs both, in alternating order; the medians of the per-call times are compared.
 * Run as root (the launch needs cap_setuid, cap_setgid and cap_net_bind_service permitted).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     org.caps4j.bench.LaunchVersusProcessBuilder [rounds]</pre>
 */
public final class LaunchVersusProcessBuilder {
    private static final int NOBODY = 65534;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Iab ambient = Iab.parse("^cap_net_bind_service");
        for (int i = 0; i < 300; i++) { // warm-up: JIT, reaper threads, page cache
            processBuilder();
            launcher(ambient);
        }
        long[] plain = new long[rounds];
        long[] launched = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                plain[i] = processBuilder();
                launched[i] = launcher(ambient);
            } else {
                launched[i] = launcher(ambient);
                plain[i] = processBuilder();
            }
        }
        Arrays.sort(plain);
        Arrays.sort(launched);
        System.out.printf("rounds %d%n", rounds);
        System.out.printf("ProcessBuilder.start()+waitFor()  median %7.1f us  p10 %7.1f  p90 %7.1f%n",
                micros(plain, 50), micros(plain, 10), micros(plain, 90));
        System.out.printf("Launcher.start()+waitFor()        median %7.1f us  p10 %7.1f  p90 %7.1f%n",
                micros(launched, 50), micros(launched, 10), micros(launched, 90));
        System.out.printf("Launcher / ProcessBuilder (medians) %.2fx%n",
                (double) launched[rounds / 2] / plain[rounds / 2]);
    }

    private static long processBuilder() throws Exception {
        long start = System.nanoTime();
        int exit = new ProcessBuilder("/bin/true").start().waitFor();
        long took = System.nanoTime() - start;
        check(exit);
        return took;
    }

    private static long launcher(Iab ambient) throws Exception {
        long start = System.nanoTime();
        int exit = Launcher.of(new ProcessBuilder("/bin/true")).iab(ambient)
                .user(NOBODY, NOBODY).start().waitFor();
        long took = System.nanoTime() - start;
        check(exit);
        return took;
    }

    private static void check(int exit) {
        if (exit != 0) {
            throw new IllegalStateException("/bin/true exited " + exit);
        }
    }

    private static double micros(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1000.0;
    }
}
