/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.caps4j.internal.TaskStatus;

/**
 * Every thread of a process ({@code /proc/PID/task/TID/status}) compared with its main thread:
 * capabilities are per thread, so one thread can hold what the process seems not to.
 *
 * @param pid the process, whose main thread has tid = pid
 * @param count how many threads were read
 * @param differing the threads whose credentials differ from the main thread's, with the
 *     fields that differ ({@code name: thread's value (main's value)})
 */
record ThreadDifferences(long pid, int count, List<Differing> differing) {

    /** One thread that differs from the main thread, and in which /proc fields. */
    record Differing(int tid, String name, Map<String, String> fields) {}

    static ThreadDifferences of(long pid) throws IOException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        List<Long> tids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
            for (Path entry : entries) {
                tids.add(Long.parseLong(entry.getFileName().toString()));
            }
        }
        tids.sort(null);
        TaskStatus main = PidStatus.ofProcess(pid).task();
        Map<String, String> mainFields = fields(main);
        List<Differing> differing = new ArrayList<>();
        int count = 0;
        for (long tid : tids) {
            TaskStatus task;
            try {
                task = PidStatus.read(tid, tasks.resolve(Long.toString(tid)).resolve("status"))
                        .task();
            } catch (NoSuchFileException exited) {
                continue;
            }
            count++;
            if (task.sameCredentialsAs(main)) {
                continue;
            }
            Map<String, String> changed = new LinkedHashMap<>();
            fields(task).forEach((field, value) -> {
                if (!value.equals(mainFields.get(field))) {
                    changed.put(field, value + " (main " + mainFields.get(field) + ")");
                }
            });
            differing.add(new Differing(task.tid(), task.name(), changed));
        }
        return new ThreadDifferences(pid, count, List.copyOf(differing));
    }

    void print(PrintStream out) {
        if (differing.isEmpty()) {
            out.println("Threads: " + count + ", all with the main thread's credentials");
            return;
        }
        out.println("Threads: " + count + ", " + differing.size()
                + (differing.size() == 1 ? " differs" : " differ") + " from the main thread (tid "
                + pid + "):");
        for (Differing thread : differing) {
            StringBuilder line = new StringBuilder("  tid ").append(thread.tid()).append(" \"")
                    .append(thread.name()).append("\":");
            String separator = " ";
            for (Map.Entry<String, String> field : thread.fields().entrySet()) {
                line.append(separator).append(field.getKey()).append(' ')
                        .append(field.getValue());
                separator = ", ";
            }
            out.println(line);
        }
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", count);
        List<Object> threads = new ArrayList<>();
        for (Differing thread : differing) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("tid", thread.tid());
            entry.put("name", thread.name());
            entry.put("differs", new LinkedHashMap<String, Object>(thread.fields()));
            threads.add(entry);
        }
        json.put("differing", threads);
        return json;
    }

    /** The credential fields as /proc prints them (masks as 16 hex digits), in its order. */
    private static Map<String, String> fields(TaskStatus task) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Uid", ids(task.uids()));
        fields.put("Gid", ids(task.gids()));
        fields.put("CapInh", String.format("%016x", task.inheritable()));
        fields.put("CapPrm", String.format("%016x", task.permitted()));
        fields.put("CapEff", String.format("%016x", task.effective()));
        fields.put("CapBnd", String.format("%016x", task.bounding()));
        fields.put("CapAmb", String.format("%016x", task.ambient()));
        fields.put("NoNewPrivs", task.noNewPrivs() ? "1" : "0");
        return fields;
    }

    private static String ids(TaskStatus.IdQuad ids) {
        return ids.real() + " " + ids.effective() + " " + ids.saved() + " " + ids.filesystem();
    }
}
