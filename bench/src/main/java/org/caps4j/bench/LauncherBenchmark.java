package org.caps4j.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.caps4j.Iab;
import org.caps4j.Launcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 5's benchmark: starting and reaping {@code true} through {@link Launcher} against a plain
 * {@link ProcessBuilder}. Both run the same command to completion, so the child's exec and exit
 * are in both; the difference is the launch thread (create it, set its credentials with raw
 * system calls, check them, spawn, wait for it to leave the task list) and the Launcher's checks.
 * Goal: {@link #launcher()} <= 1.1x {@link #processBuilder()}. Needs no privilege: the IAB is the
 * JVM's own. {@link #processBuilderOnNewThread()} starts the plain builder from a new platform
 * thread, joined: the part of the Launcher's overhead that is only the extra thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LauncherBenchmark {

    @Benchmark
    public int processBuilder() throws IOException, InterruptedException {
        return new ProcessBuilder("true").start().waitFor();
    }

    @Benchmark
    public int processBuilderOnNewThread() throws Exception {
        Process[] started = new Process[1];
        IOException[] failed = new IOException[1];
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                started[0] = new ProcessBuilder("true").start();
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        thread.join();
        if (failed[0] != null) {
            throw failed[0];
        }
        return started[0].waitFor();
    }

    @Benchmark
    public int launcher() throws IOException, InterruptedException {
        return Launcher.of(new ProcessBuilder("true")).iab(Iab.fromProcess()).start().waitFor();
    }
}
