/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.caps4j.bench.Native.Library.LIBC;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.caps4j.Capability;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.ThreadCensus;
import org.caps4j.internal.Natives;
import org.caps4j.internal.BroadcastReport;
import org.caps4j.internal.CredentialState;
import org.caps4j.internal.Planner;
import org.caps4j.internal.Transaction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a process-wide transaction (issue 3's benchmark): {@code Caps.fromProcess().apply()}
 * against glibc's own all-threads broadcast, in one JVM padded with idle platform threads up to
 * {@link #tasks} tasks in {@code /proc/self/task}. Needs root (or CAP_SETUID for the glibc
 * baseline; apply() of the unchanged state needs no capability).
 *
 * <p>The goal (issue 8): {@link #apply()} within 1.5x of {@link #glibcSetresuid()} at 64 tasks
 * and 1.3x at 512. The other variants split {@link #apply()} up so a miss can be explained:
 * {@link #rawBroadcast()} is caps4j's native broadcast with an empty op list (signal every task,
 * wait for all, end on a quiet sweep; no plan, no verification), {@link #census()} is the public
 * census of every task's /proc status, {@link #applyToCurrentThread()} is the same transaction on
 * the calling thread only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss256k"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ApplyBenchmark {
    // int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid);
    private static final MethodHandle getresuid = Native.link(LIBC, "getresuid",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    // int setresuid(uid_t ruid, uid_t euid, uid_t suid);
    // glibc's wrapper runs the syscall on every thread (signal 33, SIGSETXID) and does not skip
    // it when the ids are unchanged.
    private static final MethodHandle setresuid = Native.link(LIBC, "setresuid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    /** Tasks in /proc/self/task while measuring (the JVM's own plus idle padding threads). */
    @Param({"64", "512"})
    public int tasks;

    private final List<Thread> idle = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private int ruid, euid, suid;
    private Caps current;
    /** The two states apply() alternates between: E with and without cap_net_raw. */
    private Caps[] targets;
    private int next;
    /**
     * Transactions whose list is empty, one per state apply() alternates between: every thread
     * only compares itself with the state the process is in (the probe).
     */
    private Transaction[] probes;
    private BroadcastReport lastReport;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        int padding = tasks - taskCount();
        for (int i = 0; i < padding; i++) {
            Thread thread = Thread.ofPlatform().daemon().name("idle-" + i).stackSize(256 * 1024)
                    .start(this::parkUntilStopped);
            idle.add(thread);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ids = arena.allocate(JAVA_INT, 3);
            int rc = (int) getresuid.invokeExact(ids, ids.asSlice(4), ids.asSlice(8));
            if (rc != 0) {
                throw new IllegalStateException("getresuid failed");
            }
            ruid = ids.getAtIndex(JAVA_INT, 0);
            euid = ids.getAtIndex(JAVA_INT, 1);
            suid = ids.getAtIndex(JAVA_INT, 2);
        }
        current = Caps.fromProcess();
        targets = new Caps[] {current.remove(Flag.EFFECTIVE, Capability.NET_RAW), current};
        CredentialState now = CredentialState.ofCallingThread();
        CredentialState withoutRaw = now.withCaps(targets[0].effective().mask(),
                now.permitted(), now.inheritable());
        probes = new Transaction[] {
            Planner.plan("probe", withoutRaw, withoutRaw, org.caps4j.internal.Scope.CAPS)
                    .transaction(),
            Planner.plan("probe", now, now, org.caps4j.internal.Scope.CAPS).transaction()};
        if (glibcSetresuid() != 0) {
            throw new IllegalStateException("setresuid to the current ids failed (run as root)");
        }
        int rc = rawBroadcast();
        if (rc != 0 || lastReport.failed() != 0 || lastReport.timedOut() != 0) {
            throw new IllegalStateException("caps4j_broadcast: " + lastReport);
        }
        apply();
        System.out.printf("%n[ApplyBenchmark] %d tasks in /proc/self/task, %d signalled by "
                + "the last broadcast, uids %d/%d/%d%n", taskCount(), lastReport.signalled(),
                ruid, euid, suid);
    }

    private void parkUntilStopped() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        stop.countDown();
        for (Thread thread : idle) {
            thread.join();
        }
    }

    private static int taskCount() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/task"))) {
            return (int) entries.count();
        }
    }

    /**
     * The public API changing E on every thread (cap_net_raw off, then on again): read, plan,
     * broadcast, verify (capget census and read-back).
     */
    @Benchmark
    public void apply() {
        targets[next].apply();
        next ^= 1;
    }

    /** The goal's baseline: glibc's setresuid(2) to the current ids, broadcast by glibc. */
    @Benchmark
    public int glibcSetresuid() throws Throwable {
        return (int) setresuid.invokeExact(ruid, euid, suid);
    }

    /** caps4j's native broadcast alone, every thread comparing E/P/I (internal seam). */
    @Benchmark
    public int rawBroadcast() {
        // targets[next] is what apply() sets next, so the process is in targets[next ^ 1]'s state
        lastReport = Natives.shim().broadcast(probes[next ^ 1], new int[0], 10_000);
        return lastReport.result();
    }

    /** The public census: every task's /proc/self/task/TID/status, parsed, with Java names. */
    @Benchmark
    public ThreadCensus census() {
        return ThreadCensus.take();
    }

    /** The same transaction on the calling thread only (plan, capset, read-back). */
    @Benchmark
    public void applyToCurrentThread() {
        current.applyToCurrentThread();
    }
}
