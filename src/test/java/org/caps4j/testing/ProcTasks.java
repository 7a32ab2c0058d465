/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent reader of {@code /proc/self/task/*}/status for child JVMs (deliberately not
 * caps4j's own census): the oracle privileged tests assert on.
 */
public final class ProcTasks {
    /** The five capability lines of a task's status, in /proc's order of interest. */
    public static final String[] CAP_FIELDS = {"CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb"};

    private ProcTasks() {}

    /** Field name to value (e.g. {@code CapEff -> 0000000000000000}) for every live task. */
    public static List<Map<String, String>> read() {
        return read("self");
    }

    /** As {@link #read()}, for the process {@code pid} (a parent's census of its child). */
    public static List<Map<String, String>> read(long pid) {
        return read(Long.toString(pid));
    }

    private static List<Map<String, String>> read(String process) {
        List<Map<String, String>> tasks = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc", process,
                "task"))) {
            for (Path task : dir) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("Tid", task.getFileName().toString());
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        int colon = line.indexOf(':');
                        if (colon > 0) {
                            fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
                        }
                    }
                } catch (IOException exited) {
                    continue;
                }
                if (fields.containsKey("CapEff")) {
                    tasks.add(fields);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tasks;
    }

    /**
     * For each field, how many tasks show each value, e.g.
     * {@code CapEff={0000000000000000=27}}: one entry per field means all tasks agree.
     */
    public static Map<String, Map<String, Integer>> distinct(List<Map<String, String>> tasks,
            String... fields) {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        for (String field : fields) {
            Map<String, Integer> values = new TreeMap<>();
            for (Map<String, String> task : tasks) {
                values.merge(task.get(field), 1, Integer::sum);
            }
            out.put(field, values);
        }
        return out;
    }

    /** Prints {@code census.<label>.<Field>=<value>x<count>,...} and {@code census.<label>.tasks=N}. */
    public static void print(String label, String... fields) {
        List<Map<String, String>> tasks = read();
        System.out.println("census." + label + ".tasks=" + tasks.size());
        distinct(tasks, fields).forEach((field, values) -> {
            StringBuilder line = new StringBuilder();
            values.forEach((value, count) -> line.append(line.isEmpty() ? "" : ",")
                    .append(value).append('x').append(count));
            System.out.println("census." + label + "." + field + "=" + line);
        });
    }
}
