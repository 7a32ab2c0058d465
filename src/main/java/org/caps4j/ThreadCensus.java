/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.caps4j.internal.JavaThreadNames;
import org.caps4j.internal.ProcTasks;

/**
 * The credentials of every thread of this process, as the kernel reports them: one
 * {@link TaskCredentials} per task in {@code /proc/self/task}.
 *
 * <p>Linux keeps capabilities, no_new_privs, uids and gids per thread, and a JVM runs twenty
 * or more threads before {@code main}. A {@code capset(2)} or raw
 * {@code setresuid} made by one thread leaves all others unchanged, so a JVM that "dropped" a
 * capability on its main thread may still use it on a pool thread. The census shows whether
 * every thread agrees ({@link #isUniform()}) and, if not, which ones differ
 * ({@link #differing()}, {@link #toString()}).
 *
 * <p>{@link #take()} reads each {@code /proc/self/task/<tid>/status} once, in pure Java; it needs
 * no native access and no privilege. Threads that exit during the scan are left out, threads
 * started during it may be missing: the census is a snapshot, exact for a process whose threads
 * are not changing. Securebits and keep-caps are not shown in {@code /proc} and so are not part
 * of the census.
 *
 * <p>Names are the kernel's comm (15 bytes at most). A comm is replaced by the full Java thread
 * name when exactly one live platform thread's name, cut to 15 UTF-8 bytes, gives that comm and
 * exactly one task has it; JVM-internal threads (GC, compiler) and ambiguous names keep the comm.
 */
public final class ThreadCensus {
    private final List<TaskCredentials> tasks;
    private final boolean initialUserNamespace;
    private final TaskCredentials majority;
    private final List<TaskCredentials> differing;

    private ThreadCensus(List<TaskCredentials> tasks, boolean initialUserNamespace) {
        this.tasks = tasks;
        this.initialUserNamespace = initialUserNamespace;
        this.majority = findMajority(tasks);
        this.differing = tasks.stream().filter(task -> !task.sameCredentialsAs(majority)).toList();
    }

    /**
     * Reads the credentials of every task of this process now.
     *
     * @return the census of every task
     * @throws CapabilityException naming the file if {@code /proc} cannot be read or a status
     *     file is not in the kernel's format
     */
    public static ThreadCensus take() {
        List<TaskCredentials> kernel = Edge.call(ProcTasks::read).stream()
                .map(TaskCredentials::of).toList();
        boolean initial = ProcTasks.inInitialUserNamespace();
        return new ThreadCensus(withJavaNames(kernel), initial);
    }

    /** A census of given records, for tests and tools; sorted by tid, at least one task. */
    static ThreadCensus of(List<TaskCredentials> tasks, boolean initialUserNamespace) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a census has at least one task");
        }
        List<TaskCredentials> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparingInt(TaskCredentials::tid));
        return new ThreadCensus(List.copyOf(sorted), initialUserNamespace);
    }

    private static List<TaskCredentials> withJavaNames(List<TaskCredentials> kernel) {
        if (kernel.isEmpty()) {
            throw new CapabilityException("census of /proc/self/task", 0, "",
                    "no task could be read, not even the calling thread");
        }
        Map<String, Integer> commCounts = new HashMap<>();
        for (TaskCredentials task : kernel) {
            commCounts.merge(task.name(), 1, Integer::sum);
        }
        JavaThreadNames javaNames = JavaThreadNames.snapshot();
        List<TaskCredentials> named = new ArrayList<>(kernel.size());
        for (TaskCredentials task : kernel) {
            String name = javaNames.resolve(task.name(), commCounts.get(task.name()));
            named.add(name.equals(task.name()) ? task : task.withName(name));
        }
        return List.copyOf(named);
    }

    /**
     * Every task, sorted by tid.
     *
     * @return an unmodifiable list of the tasks
     */
    public List<TaskCredentials> tasks() {
        return tasks;
    }

    /**
     * The number of tasks (threads) seen.
     *
     * @return the task count, at least 1
     */
    public int size() {
        return tasks.size();
    }

    /**
     * The task with this tid, if it was seen.
     *
     * @param tid the kernel's thread id
     * @return the task's credentials, or empty if the census has no such task
     */
    public Optional<TaskCredentials> task(int tid) {
        int low = 0;
        int high = tasks.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int found = tasks.get(middle).tid();
            if (found == tid) {
                return Optional.of(tasks.get(middle));
            }
            if (found < tid) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the process is in the initial user namespace (its {@code /proc/self/uid_map} is
     * {@code 0 0 4294967295}). In a child namespace ({@code unshare -r}, rootless containers)
     * capabilities act only on resources that namespace owns.
     *
     * @return true in the initial user namespace
     */
    public boolean inInitialUserNamespace() {
        return initialUserNamespace;
    }

    /**
     * Whether all tasks have the same credentials (every field but tid and name).
     *
     * @return true if no task differs from {@link #majority()}
     */
    public boolean isUniform() {
        return differing.isEmpty();
    }

    /**
     * A task holding the credentials most tasks share: the one with the lowest tid among them.
     * On a tie between groups of equal size, the group of the lowest tid wins.
     *
     * @return the first task of the largest group
     */
    public TaskCredentials majority() {
        return majority;
    }

    /**
     * The tasks whose credentials differ from {@link #majority()}, sorted by tid; empty if
     * uniform.
     *
     * @return an unmodifiable list of the differing tasks
     */
    public List<TaskCredentials> differing() {
        return differing;
    }

    private static TaskCredentials findMajority(List<TaskCredentials> tasks) {
        List<TaskCredentials> groups = new ArrayList<>(1);
        List<Integer> counts = new ArrayList<>(1);
        for (TaskCredentials task : tasks) {
            int group = 0;
            while (group < groups.size() && !groups.get(group).sameCredentialsAs(task)) {
                group++;
            }
            if (group == groups.size()) {
                groups.add(task);
                counts.add(0);
            }
            counts.set(group, counts.get(group) + 1);
        }
        int best = 0;
        for (int group = 1; group < groups.size(); group++) {
            if (counts.get(group) > counts.get(best)) {
                best = group;
            }
        }
        return groups.get(best);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ThreadCensus census && census.tasks.equals(tasks)
                && census.initialUserNamespace == initialUserNamespace;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tasks, initialUserNamespace);
    }

    /**
     * {@code 41 threads, all identical: Uid 0 0 0 0, ..., NoNewPrivs 0 (initial user namespace)},
     * or a header with the majority's values followed by one line per differing task that
     * names its tid, name, and each field that differs with that task's value, as {@code /proc}
     * prints it (masks as 16 hex digits).
     */
    @Override
    public String toString() {
        Map<String, String> common = majority.procFields();
        StringBuilder text = new StringBuilder().append(size())
                .append(size() == 1 ? " thread" : " threads");
        if (isUniform()) {
            text.append(", all identical: ");
        } else {
            int others = size() - differing.size();
            text.append(", ").append(differing.size()).append(differing.size() == 1 ? " differs" : " differ")
                    .append(" from the other ").append(others).append(": ");
        }
        appendFields(text, common, null);
        text.append(initialUserNamespace ? " (initial user namespace)" : " (child user namespace)");
        for (TaskCredentials task : differing) {
            text.append("\n  tid ").append(task.tid()).append(" \"").append(task.name()).append("\": ");
            appendFields(text, task.procFields(), common);
        }
        return text.toString();
    }

    /** Appends {@code fields}, only those whose value differs from {@code unless} if given. */
    private static void appendFields(StringBuilder text, Map<String, String> fields,
            Map<String, String> unless) {
        String separator = "";
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (unless == null || !field.getValue().equals(unless.get(field.getKey()))) {
                text.append(separator).append(field.getKey()).append(' ').append(field.getValue());
                separator = ", ";
            }
        }
    }
}
