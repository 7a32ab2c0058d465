/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Caps4j;
import org.caps4j.Flag;
import org.caps4j.Iab;
import org.caps4j.internal.TaskStatus;

/**
 * {@code show PID}: the getpcaps line, then the lines {@code capsh --print} prints for a
 * process (as capsh would print them inside it), its user namespace and a per-thread census.
 */
final class PidReport {
    private PidReport() {}

    static void print(PidStatus status, PrintStream out) throws IOException {
        Caps caps = status.caps();
        out.println(status.pid() + ": " + caps); // getpcaps' line
        out.println("Current: " + caps);
        out.println("Bounding set =" + status.bounding());
        out.println("Ambient set =" + status.ambient());
        out.println("Current IAB: " + iab(status));
        if (status.secureBits().isPresent()) {
            ShowCommand.printSecurebits(status.secureBits().get(), status.noNewPrivs(), out);
        } else {
            // Only the process itself can read its securebits (prctl); /proc has no field.
            out.printf("Securebits: unknown, only the process can read them (no-new-privs=%d)%n",
                    status.noNewPrivs() ? 1 : 0);
        }
        ShowCommand.printIds(status.uid(), status.task().uids().effective(), status.gid(),
                status.groups(), out);
        UserNamespace namespace = UserNamespace.of(status.pid());
        out.println("User namespace: " + namespace);
        ThreadDifferences threads = ThreadDifferences.of(status.pid());
        threads.print(out);
    }

    static Map<String, Object> json(PidStatus status) throws IOException {
        Caps caps = status.caps();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", status.pid());
        json.put("current", caps.toString());
        for (Flag flag : Flag.values()) {
            json.put(flag.name().toLowerCase(Locale.ROOT), JsonReports.set(caps.get(flag)));
        }
        json.put("bounding", JsonReports.set(status.bounding()));
        json.put("ambient", JsonReports.set(status.ambient()));
        json.put("iab", iab(status));
        json.put("securebits", status.secureBits().map(bits -> (Object) bits.bits())
                .orElse(null));
        json.put("no_new_privs", status.noNewPrivs());
        json.put("uids", ids(status.task().uids()));
        json.put("gids", ids(status.task().gids()));
        json.put("groups", status.groups());
        UserNamespace namespace = UserNamespace.of(status.pid());
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("id", namespace.id().isEmpty() ? null : namespace.id());
        ns.put("initial", namespace.id().isEmpty() ? null : namespace.isInitial());
        json.put("user_namespace", ns);
        json.put("threads", ThreadDifferences.of(status.pid()).json());
        return json;
    }

    private static Map<String, Object> ids(TaskStatus.IdQuad ids) {
        return JsonReports.ids(ids.real(), ids.effective(), ids.saved(), ids.filesystem());
    }

    /** libcap's IAB text: inheritable, ambient, and the capabilities the bounding set lacks. */
    static String iab(PidStatus status) {
        long universe = -1L >>> (Long.SIZE - 1 - Caps4j.kernelLastCap());
        CapabilitySet blocked = CapabilitySet.fromMask(universe).minus(status.bounding());
        return Iab.of(status.caps().inheritable(), status.ambient(), blocked).toString();
    }

    /**
     * {@code /proc/PID/ns/user}: the initial user namespace is {@code user:[4026531837]} on
     * every kernel (PROC_USER_INIT_INO, 0xEFFFFFFD, in include/linux/proc_ns.h), so no other
     * process (pid 1 may be unreadable) is needed to tell it from a child namespace, where
     * capabilities count only for what that namespace owns.
     *
     * @param id the link's text, e.g. {@code user:[4026531837]}, or empty if unreadable
     */
    record UserNamespace(String id) {
        static final String INITIAL = "user:[4026531837]";

        static UserNamespace of(long pid) {
            try {
                return new UserNamespace(Files.readSymbolicLink(Path.of("/proc",
                        Long.toString(pid), "ns", "user")).toString());
            } catch (IOException unreadable) { // another user's process, for a non-root caller
                return new UserNamespace("");
            }
        }

        boolean isInitial() {
            return id.equals(INITIAL);
        }

        @Override
        public String toString() {
            if (id.isEmpty()) {
                return "unknown (/proc/PID/ns/user is not readable)";
            }
            return isInitial() ? "initial, " + id : "child namespace " + id
                    + ": its capabilities count only inside it";
        }
    }
}
