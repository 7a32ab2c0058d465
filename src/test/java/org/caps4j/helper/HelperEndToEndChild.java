/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.caps4j.testing.ProcessLines;
import org.caps4j.testing.TestScratch;

/**
 * A helper serving in a child process until {@link #close()} kills it, as systemd would stop
 * it. Every line it prints (its listening line, its audit lines) is kept, so a test can wait
 * for one and search them.
 */
final class HelperEndToEndChild implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 120;

    private final Process process;
    private final Path stderr;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private HelperEndToEndChild(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        ProcessLines.pump(process.getInputStream(), "helper-child-stdout", lines::add, () -> { });
    }

    /** Starts {@code command} and waits for its line starting with {@code listening on }. */
    static HelperEndToEndChild start(List<String> command) throws IOException {
        HelperEndToEndChild child = launch(command);
        child.await(line -> line.startsWith("listening on "));
        return child;
    }

    /** Starts {@code command} without waiting (socket activation starts it on a connection). */
    static HelperEndToEndChild launch(List<String> command) throws IOException {
        Path stderr = TestScratch.file("caps4j-helper-e2e-", ".err");
        return new HelperEndToEndChild(new ProcessBuilder(command).redirectError(stderr.toFile())
                .start(), stderr);
    }

    long pid() {
        return process.pid();
    }

    /** The first line (printed so far or within the timeout) that matches. */
    String await(Predicate<String> wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive() && !lines.isEmpty() && lines.stream().noneMatch(wanted)) {
                break;
            }
            sleep();
        }
        throw new AssertionError("no such line from the helper; it printed:\n"
                + String.join("\n", lines) + "\n--- stderr\n" + stderr());
    }

    /** The lines printed so far that contain {@code text}. */
    List<String> linesContaining(String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }

    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy(); // SIGTERM: the shutdown hook closes the server
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(stderr);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
