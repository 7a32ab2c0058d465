/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The test suite's own, deliberately naive reader of {@code /proc/<pid>/task/<tid>/status}:
 * {@code key -> value} with whitespace runs collapsed to one space. Independent of the library's
 * parser, so the two can be compared.
 */
public final class KernelStatus {
    private KernelStatus() {}

    /** The status of task {@code tid} of process {@code pid}, or empty if the task is gone. */
    public static Optional<Map<String, String>> of(long pid, long tid) {
        return read(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "status"));
    }

    public static Optional<Map<String, String>> read(Path status) {
        try {
            Map<String, String> fields = new HashMap<>();
            for (String line : Files.readAllLines(status)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon),
                            line.substring(colon + 1).strip().replaceAll("\\s+", " "));
                }
            }
            return Optional.of(fields);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(status.getParent())) {
                return Optional.empty();
            }
            throw new AssertionError("cannot read " + status, e);
        }
    }

    /** The tids in {@code /proc/<pid>/task} right now, sorted. */
    public static TreeSet<Long> tids(long pid) {
        try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            TreeSet<Long> tids = new TreeSet<>();
            entries.forEach(entry -> tids.add(Long.parseLong(entry.getFileName().toString())));
            return tids;
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/" + pid + "/task", e);
        }
    }

    /** A status mask field ({@code CapEff} ...) as a number. */
    public static long mask(Map<String, String> status, String field) {
        String value = status.get(field);
        if (value == null) {
            throw new AssertionError("no " + field + " in " + status.keySet());
        }
        return Long.parseUnsignedLong(value, 16);
    }
}
