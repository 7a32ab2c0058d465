/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.caps4j.bench.Native.Library.LIBC;
import static org.caps4j.bench.Native.Library.LIBCAP;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.internal.Natives;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading E/P/I of the calling thread costs through caps4j, against the cheapest possible
 * FFM read and against libcap.
 *
 * <p>The goal: {@link #capsFromProcess()} within 1.2x of {@link #rawCapget()}, the bare
 * downcall to glibc's capget(2) wrapper with preallocated buffers. The capget system call
 * itself dominates all variants (~200 ns here, DESIGN.md §1.8); what differs is the Java work
 * around it. The extra variants split that work up so a missed goal can be explained:
 * linkage ({@link #rawCapgetCritical()}), caps4j's seam without building values
 * ({@link #shimCapget()}) and the raw call followed by the same value construction
 * ({@link #rawCapgetToCaps()}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReadCapsBenchmark {
    /** _LINUX_CAPABILITY_VERSION_3: two 32-bit words per set. */
    private static final int CAPABILITY_VERSION_3 = 0x20080522;

    // int capget(cap_user_header_t hdrp, cap_user_data_t datap);
    private static final MethodHandle capget =
            Native.link(LIBC, "capget", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int capget(cap_user_header_t hdrp, cap_user_data_t datap);
    // Linked critical, as caps4j links its own short calls: no thread-state transition.
    private static final MethodHandle capget_critical = Native.link(LIBC, "capget",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), Linker.Option.critical(false));
    // cap_t cap_get_proc(void);
    private static final MethodHandle cap_get_proc =
            Native.link(LIBCAP, "cap_get_proc", FunctionDescriptor.of(ADDRESS));
    // int cap_free(void *obj_d);
    private static final MethodHandle cap_free =
            Native.link(LIBCAP, "cap_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private Arena arena;
    /** struct __user_cap_header_struct { __u32 version; int pid; } */
    private MemorySegment header;
    /** struct __user_cap_data_struct { __u32 effective, permitted, inheritable; } [2] */
    private MemorySegment data;
    private final int[] words = new int[6];

    /**
     * Runs on the benchmark thread, so the confined arena's segments are as cheap to pass as
     * native memory can be. Checks that every variant reads what caps4j reads.
     */
    @Setup
    public void allocate() throws Throwable {
        arena = Arena.ofConfined();
        header = arena.allocate(8, 4);
        header.set(JAVA_INT, 0, CAPABILITY_VERSION_3);
        header.set(JAVA_INT, 4, 0);
        data = arena.allocate(24, 4);
        if (rawCapget() != 0 || rawCapgetCritical() != 0 || shimCapget() != 0) {
            throw new IllegalStateException("capget failed");
        }
        Caps expected = Caps.fromProcess();
        if (!rawCapgetToCaps().equals(expected)) {
            throw new IllegalStateException("raw capget read " + rawCapgetToCaps()
                    + " but caps4j read " + expected);
        }
        if (libcapGetProc() != 0) {
            throw new IllegalStateException("cap_get_proc/cap_free failed");
        }
    }

    @TearDown
    public void free() {
        arena.close();
    }

    /**
     * The public API: caps4j's shim (critical downcall, int[6] passed as a heap segment), then
     * three CapabilitySet values and one Caps.
     */
    @Benchmark
    public Caps capsFromProcess() {
        return Caps.fromProcess();
    }

    /** The goal's baseline: glibc capget with preallocated native buffers, nothing else. */
    @Benchmark
    public int rawCapget() throws Throwable {
        return (int) capget.invokeExact(header, data);
    }

    /** The same downcall linked critical: shows what the thread-state transition costs. */
    @Benchmark
    public int rawCapgetCritical() throws Throwable {
        return (int) capget_critical.invokeExact(header, data);
    }

    /**
     * caps4j's native seam alone (internal API, reachable on the class path): the downcall
     * {@link #capsFromProcess()} makes, into a reused int[6], without building any value.
     */
    @Benchmark
    public int shimCapget() {
        return Natives.shim().capget(0, words);
    }

    /** Equal work to {@link #capsFromProcess()} done by hand: raw downcall, then the same value. */
    @Benchmark
    public Caps rawCapgetToCaps() throws Throwable {
        int result = (int) capget.invokeExact(header, data);
        if (result != 0) {
            throw new IllegalStateException("capget returned " + result);
        }
        return Caps.of(set(0), set(1), set(2));
    }

    private CapabilitySet set(int index) {
        long low = Integer.toUnsignedLong(data.getAtIndex(JAVA_INT, index));
        long high = Integer.toUnsignedLong(data.getAtIndex(JAVA_INT, 3 + index));
        return CapabilitySet.fromMask(high << 32 | low);
    }

    /** libcap's read through FFM: cap_get_proc() mallocs a cap_t, capget, then cap_free(). */
    @Benchmark
    public int libcapGetProc() throws Throwable {
        MemorySegment caps = (MemorySegment) cap_get_proc.invokeExact();
        if (caps.address() == 0) {
            throw new IllegalStateException("cap_get_proc returned NULL");
        }
        return (int) cap_free.invokeExact(caps);
    }
}
