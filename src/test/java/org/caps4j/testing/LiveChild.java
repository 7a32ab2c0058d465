/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that stays alive after reporting: it prints lines, then {@code ready}, and exits
 * when its stdin is closed ({@link #close()}). While it waits, a test can read
 * {@code /proc/<pid>} and query it from the parent. Built on {@link ChildJvm#javaCommand}.
 */
public final class LiveChild implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 120;
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();

    private LiveChild(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts {@code prefix... java ... mainClass args...} and waits for its {@code ready} line. */
    public static LiveChild start(List<String> prefix, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(ChildJvm.javaCommand(mainClass.getName()));
        command.addAll(List.of(args));
        try {
            Path stderr = TestScratch.file("caps4j-live-", ".err");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            LiveChild child = new LiveChild(process, stderr);
            child.awaitReady(command);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void awaitReady(List<String> command) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        ProcessLines.pump(process.getInputStream(), "live-child-stdout", queue::add,
                () -> queue.add(EOF));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            while (true) {
                String line = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(EOF)) {
                    process.destroyForcibly();
                    throw new AssertionError((line == null ? "timed out: " : "exited early: ")
                            + command + "\n--- stdout\n" + String.join("\n", lines)
                            + "\n--- stderr\n" + stderr());
                }
                if (line.equals("ready")) {
                    return;
                }
                lines.add(line);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** What the child printed before {@code ready}. */
    public List<String> lines() {
        return lines;
    }

    /** Closes the child's stdin and waits for it to exit; fails unless it exits with 0. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child did not exit after stdin was closed");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("child exited " + process.exitValue() + "\n--- stderr\n"
                        + stderr());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    private String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
