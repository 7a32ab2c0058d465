/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launcher;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.caps4j.testing.ProcTasks;

/**
 * An independent census that runs the whole time: a thread re-reads every task's status under
 * /proc/self/task (not through caps4j) until stopped, so threads the JDK creates and ends
 * between two launches are seen too, and records every task whose credential lines ever
 * differ from the baseline taken at the start.
 */
final class TaskWatch {
    private static final String[] FIELDS = {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb",
        "Uid", "Gid", "Groups", "NoNewPrivs", "Seccomp"};
    private final Map<String, String> baseline;
    private final Set<String> tids = new TreeSet<>();
    private final Map<String, String> differing = new TreeMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private int sweeps;

    private TaskWatch() {
        baseline = credentials(ProcTasks.read().get(0));
        thread = new Thread(this::watch, "task-watch");
        thread.setDaemon(true);
    }

    static TaskWatch start() {
        TaskWatch watch = new TaskWatch();
        watch.thread.start();
        return watch;
    }

    Map<String, String> baseline() {
        return baseline;
    }

    private void watch() {
        while (!stop.get()) {
            for (Map<String, String> task : ProcTasks.read()) {
                String tid = task.get("Tid") + " " + task.get("Name");
                tids.add(tid);
                Map<String, String> credentials = credentials(task);
                if (!credentials.equals(baseline)) {
                    differing.putIfAbsent(tid, credentials.toString());
                }
            }
            sweeps++;
        }
    }

    private static Map<String, String> credentials(Map<String, String> task) {
        Map<String, String> out = new TreeMap<>();
        for (String field : FIELDS) {
            out.put(field, task.get(field));
        }
        return out;
    }

    /** Prints watch.sweeps, watch.tasks (distinct tids seen) and watch.differing. */
    void stopAndPrint() throws InterruptedException {
        stop.set(true);
        thread.join();
        System.out.println("watch.sweeps=" + sweeps);
        System.out.println("watch.tasks=" + tids.size());
        System.out.println("watch.reapers=" + tids.stream().filter(t -> t.endsWith("caps4j-reaper"))
                .count());
        System.out.println("watch.differing=" + (differing.isEmpty() ? "none" : differing));
    }
}
