/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link org.caps4j.testing.CredentialsReport} child printed: {@code key value} lines
 * and one {@code task} line per census entry (tab-separated, name last).
 */
record ChildReport(Map<String, String> values, List<Task> tasks, List<String> lines) {

    /** One census entry as the child's caps4j read it. */
    record Task(long tid, long inh, long prm, long eff, long bnd, long amb, boolean nnp,
            String uids, String gids, String name) {}

    static ChildReport parse(List<String> lines) {
        Map<String, String> values = new HashMap<>();
        List<Task> tasks = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("task ")) {
                String[] f = line.substring("task ".length()).split("\t", 10);
                tasks.add(new Task(Long.parseLong(f[0]), hex(f[1]), hex(f[2]), hex(f[3]),
                        hex(f[4]), hex(f[5]), f[6].equals("1"), f[7], f[8], f[9]));
            } else {
                int space = line.indexOf(' ');
                values.putIfAbsent(line.substring(0, space), line.substring(space + 1));
            }
        }
        return new ChildReport(values, tasks, lines);
    }

    String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new AssertionError("child printed no " + key + ":\n" + String.join("\n", lines));
        }
        return value;
    }

    long pid() {
        return Long.parseLong(get("pid"));
    }

    long tid() {
        return Long.parseLong(get("tid"));
    }

    /** A mask line such as {@code bounding} or {@code kernel.CapEff}. */
    long mask(String key) {
        return hex(get(key));
    }

    /** The child's {@code Caps.fromProcess()}: E, P, I masks. */
    long[] caps() {
        String[] masks = get("caps").split(" ");
        return new long[] {hex(masks[0]), hex(masks[1]), hex(masks[2])};
    }

    Task task(long tid) {
        return tasks.stream().filter(task -> task.tid() == tid).findFirst().orElseThrow(
                () -> new AssertionError("census has no task " + tid + ":\n" + String.join("\n", lines)));
    }

    private static long hex(String mask) {
        return Long.parseUnsignedLong(mask.strip(), 16);
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
