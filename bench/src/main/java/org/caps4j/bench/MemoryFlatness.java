/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import org.caps4j.Bounding;
import org.caps4j.Caps;

/**
 * Does reading the kernel leak? Calls {@link Caps#fromProcess()} and {@link Bounding#read()} a
 * million times each and prints the process's resident set (VmRSS) and, when the JVM runs with
 * {@code -XX:NativeMemoryTracking=summary}, NMT's committed "Internal" and "Other" (where
 * Unsafe/Arena mallocs are counted) before and after. A leak of one small native allocation
 * per call would show as tens of MB; a flat result is a change of a few hundred KB at most.
 *
 * <p>Run with a fixed, pre-touched heap ({@code -Xms64m -Xmx64m -XX:+AlwaysPreTouch}) so heap
 * growth cannot pass for a native leak. Usage: {@code MemoryFlatness [calls]}.
 */
public final class MemoryFlatness {
    private static final Pattern NMT_CATEGORY = Pattern.compile(
            "-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern NMT_TOTAL = Pattern.compile(
            "Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private static final int SLICES = 4;
    /** Keeps the JIT from dropping the reads as dead code. */
    private static volatile int sink;

    private MemoryFlatness() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int warmup = Math.max(1, calls / 10);
        System.out.printf("java %s, %s, calls per method: %,d (after %,d warm-up calls)%n",
                Runtime.version(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                calls, warmup);
        run(Caps::fromProcess, warmup);
        run(Bounding::read, warmup);
        settle();
        System.out.println("(Internal, Other, NMT total: committed kB; ns/call: mean over the slice)");
        System.out.printf("%-30s %10s %10s %10s %10s %10s%n", "point", "VmRSS kB",
                "Internal", "Other", "NMT total", "ns/call");
        Snapshot before = Snapshot.take();
        before.print("before", Double.NaN);

        measure("Caps.fromProcess()", Caps::fromProcess, calls);
        measure("Bounding.read()", Bounding::read, calls);

        settle();
        Snapshot after = Snapshot.take();
        after.print("after GC", Double.NaN);
        System.out.printf("delta (after GC - before): VmRSS %+d kB, Internal %+d kB, Other %+d kB,"
                + " NMT total %+d kB%n", after.rssKb - before.rssKb,
                after.internalKb - before.internalKb, after.otherKb - before.otherKb,
                after.nmtTotalKb - before.nmtTotalKb);
    }

    /** {@code calls} calls in four slices, a snapshot after each: a leak shows as a steady climb. */
    private static void measure(String name, Supplier<?> read, int calls) throws IOException {
        int slice = calls / SLICES;
        for (int done = slice; done <= calls; done += slice) {
            double nsPerCall = run(read, slice);
            Snapshot.take().print(String.format("%s %,d", name, done), nsPerCall);
        }
    }

    /** Calls {@code read} {@code calls} times; returns the mean ns per call. */
    private static double run(Supplier<?> read, int calls) {
        int checksum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            checksum += read.get().hashCode();
        }
        long elapsed = System.nanoTime() - start;
        sink = checksum;
        return (double) elapsed / calls;
    }

    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
    }

    /** Resident set and NMT committed sizes at one point in time, in kB (-1: not available). */
    private record Snapshot(long rssKb, long internalKb, long otherKb, long nmtTotalKb) {
        static Snapshot take() throws IOException {
            Map<String, Long> nmt = nativeMemory();
            return new Snapshot(vmRssKb(), nmt.getOrDefault("Internal", -1L),
                    nmt.getOrDefault("Other", -1L), nmt.getOrDefault("Total", -1L));
        }

        void print(String point, double nsPerCall) {
            System.out.printf("%-30s %10d %10d %10d %10d %10s%n", point, rssKb, internalKb,
                    otherKb, nmtTotalKb, Double.isNaN(nsPerCall) ? "" : String.format("%.1f", nsPerCall));
        }
    }

    private static long vmRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    /**
     * NMT's committed kB per category, from the same report as {@code jcmd <pid> VM.native_memory
     * summary}; empty if NMT is off.
     */
    private static Map<String, Long> nativeMemory() {
        Map<String, Long> committed = new LinkedHashMap<>();
        String report;
        try {
            report = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary", "scale=KB"}},
                    new String[] {String[].class.getName()});
        } catch (JMException e) {
            return committed;
        }
        Matcher total = NMT_TOTAL.matcher(report);
        if (total.find()) {
            committed.put("Total", Long.parseLong(total.group(2)));
        }
        Matcher category = NMT_CATEGORY.matcher(report);
        while (category.find()) {
            committed.put(category.group(1).strip(), Long.parseLong(category.group(3)));
        }
        return committed;
    }
}
