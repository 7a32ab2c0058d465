/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.caps4j.internal.TaskStatus;

/**
 * The credentials of one task (kernel thread) of this process, as the kernel reports them in
 * {@code /proc/self/task/<tid>/status}.
 *
 * <p>Linux keeps capabilities, uids and gids per task, not per process: the kernel checks the
 * credentials of the thread that makes a system call, and {@code capset(2)} or a raw
 * {@code setresuid} changes only the calling thread. Two tasks of one JVM can therefore hold
 * different capabilities; {@link ThreadCensus} lists all of them.
 *
 * @param tid the kernel's thread id (what {@code gettid(2)} returns in that thread)
 * @param name the thread's name: the kernel's {@code comm} (at most 15 bytes, which HotSpot sets
 *     from the Java thread name), or the full Java name where {@link ThreadCensus} could
 *     attribute it unambiguously (see there for the rule)
 * @param caps effective, permitted and inheritable sets ({@code CapEff}, {@code CapPrm},
 *     {@code CapInh})
 * @param bounding the bounding set ({@code CapBnd})
 * @param ambient the ambient set ({@code CapAmb})
 * @param noNewPrivs whether no_new_privs is set ({@code NoNewPrivs})
 * @param uids real, effective, saved and filesystem user ids ({@code Uid})
 * @param gids real, effective, saved and filesystem group ids ({@code Gid})
 */
public record TaskCredentials(int tid, String name, Caps caps, CapabilitySet bounding,
        CapabilitySet ambient, boolean noNewPrivs, Ids uids, Ids gids) {

    /**
     * The four ids the kernel keeps per task for users or groups, in the order {@code /proc}
     * prints them. Ids are unsigned 32-bit values, hence {@code long}; {@code 4294967295} is
     * the kernel's "no id" ({@code (uid_t) -1}).
     *
     * @param real who the task acts for (signals, resource limits)
     * @param effective what permission checks use
     * @param saved what an unprivileged {@code setresuid} may switch back to
     * @param filesystem what file access checks use (follows effective unless set apart)
     */
    public record Ids(long real, long effective, long saved, long filesystem) {
        /** The four ids separated by spaces, as {@code /proc/<pid>/status} prints them. */
        String procText() {
            return real + " " + effective + " " + saved + " " + filesystem;
        }
    }

    /**
     * Creates the record; every reference component must be non-null.
     *
     * @param tid the kernel's thread id
     * @param name the thread's name
     * @param caps effective, permitted and inheritable sets
     * @param bounding the bounding set
     * @param ambient the ambient set
     * @param noNewPrivs whether no_new_privs is set
     * @param uids real, effective, saved and filesystem user ids
     * @param gids real, effective, saved and filesystem group ids
     */
    public TaskCredentials {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(caps, "caps");
        Objects.requireNonNull(bounding, "bounding");
        Objects.requireNonNull(ambient, "ambient");
        Objects.requireNonNull(uids, "uids");
        Objects.requireNonNull(gids, "gids");
    }

    /**
     * Whether {@code other} has the same credentials: every field except {@code tid} and
     * {@code name}.
     *
     * @param other the task to compare with
     * @return true if all credential fields are equal
     */
    public boolean sameCredentialsAs(TaskCredentials other) {
        return caps.equals(other.caps)
                && bounding.equals(other.bounding)
                && ambient.equals(other.ambient)
                && noNewPrivs == other.noNewPrivs
                && uids.equals(other.uids)
                && gids.equals(other.gids);
    }

    /** The public value of what the census parsed from {@code /proc}. */
    static TaskCredentials of(TaskStatus task) {
        return new TaskCredentials(task.tid(), task.name(), Caps.of(
                CapabilitySet.fromMask(task.effective()), CapabilitySet.fromMask(task.permitted()),
                CapabilitySet.fromMask(task.inheritable())), CapabilitySet.fromMask(task.bounding()),
                CapabilitySet.fromMask(task.ambient()), task.noNewPrivs(), ids(task.uids()),
                ids(task.gids()));
    }

    private static Ids ids(TaskStatus.IdQuad ids) {
        return new Ids(ids.real(), ids.effective(), ids.saved(), ids.filesystem());
    }

    /** This record with another name (the census replaces a truncated comm by the Java name). */
    TaskCredentials withName(String newName) {
        return new TaskCredentials(tid, newName, caps, bounding, ambient, noNewPrivs, uids, gids);
    }

    /**
     * The credential fields under their {@code /proc/<pid>/status} names with values printed as
     * the kernel prints them (masks as 16 hex digits), in the kernel's order.
     */
    Map<String, String> procFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Uid", uids.procText());
        fields.put("Gid", gids.procText());
        fields.put("CapInh", hex(caps.inheritable()));
        fields.put("CapPrm", hex(caps.permitted()));
        fields.put("CapEff", hex(caps.effective()));
        fields.put("CapBnd", hex(bounding));
        fields.put("CapAmb", hex(ambient));
        fields.put("NoNewPrivs", noNewPrivs ? "1" : "0");
        return fields;
    }

    /**
     * {@code tid 4242 "pool-1-thread-1": Uid 0 0 0 0, Gid 0 0 0 0, CapInh 0000000000000000, ...}:
     * every field as {@code /proc} prints it.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("tid ").append(tid).append(" \"").append(name)
                .append("\":");
        String separator = " ";
        for (Map.Entry<String, String> field : procFields().entrySet()) {
            text.append(separator).append(field.getKey()).append(' ').append(field.getValue());
            separator = ", ";
        }
        return text.toString();
    }

    private static String hex(CapabilitySet set) {
        String digits = Long.toHexString(set.mask());
        return "0".repeat(16 - digits.length()) + digits;
    }
}
