/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.SecureBits;

/**
 * What {@code export} writes out: the capability settings with which a freshly started program
 * (no file capabilities) holds what a process or a piece of capability text holds.
 *
 * <p>After execve(2) such a program has P = E = A for a non-root user, and P = E = B | A for
 * root (capabilities(7)); I and B are kept. So a process is reproduced by its I, A, B, ids and
 * no_new_privs, and text {@code E/P/I} by I, B = P and A = P & I. What cannot be reproduced
 * that way is said in {@link #notes()}, never silently dropped.
 *
 * @param source where it came from, e.g. {@code pid 42} or {@code text 'cap_kill=eip'}
 * @param inheritable the inheritable set to set
 * @param ambient the ambient set to raise
 * @param bounding the bounding set to keep
 * @param noNewPrivs no_new_privs, if the source says
 * @param secureBits securebits, if the source shows them
 * @param uid the real uid to run as, if the source says (a process)
 * @param gid the real gid to run as, if the source says
 * @param groups the supplementary groups, if the source says
 * @param permitted what the program will hold (P = E) when run as {@code uid}, or as root
 * @param program the process's executable, if known
 * @param notes what the source holds that the settings do not reproduce
 */
record ExportTarget(String source, CapabilitySet inheritable, CapabilitySet ambient,
        CapabilitySet bounding, Optional<Boolean> noNewPrivs, Optional<SecureBits> secureBits,
        OptionalLong uid, OptionalLong gid, Optional<List<Long>> groups, CapabilitySet permitted,
        Optional<String> program, List<String> notes) {

    static ExportTarget fromProcess(PidStatus status, Optional<String> program) {
        Caps caps = status.caps();
        boolean root = status.uid() == 0 || status.task().uids().effective() == 0;
        CapabilitySet afterExec = root ? status.bounding().union(status.ambient())
                : status.ambient();
        List<String> notes = new ArrayList<>();
        if (!caps.permitted().equals(afterExec)) {
            notes.add("the process holds permitted " + text(caps.permitted()) + "; a program "
                    + "started " + (root ? "as root gets the bounding set" : "as uid "
                    + status.uid() + " gets the ambient set") + ", " + text(afterExec)
                    + " (file capabilities or capset after exec make the difference)");
        }
        if (!caps.effective().equals(caps.permitted())) {
            notes.add("the process holds effective " + text(caps.effective())
                    + ", not all of permitted: a program started this way has E = P");
        }
        if (status.secureBits().isEmpty()) {
            notes.add("securebits are not shown: the kernel shows them only to the process "
                    + "itself");
        }
        return new ExportTarget("pid " + status.pid(), caps.inheritable(), status.ambient(),
                status.bounding(), Optional.of(status.noNewPrivs()), status.secureBits(),
                OptionalLong.of(status.uid()), OptionalLong.of(status.gid()),
                Optional.of(status.groups()), afterExec, program, List.copyOf(notes));
    }

    static ExportTarget fromText(String text) {
        Caps caps = Caps.parse(text);
        CapabilitySet permitted = caps.permitted();
        CapabilitySet ambient = permitted.intersection(caps.inheritable());
        List<String> notes = new ArrayList<>();
        if (!caps.effective().equals(permitted)) {
            notes.add("effective " + text(caps.effective()) + " is not permitted "
                    + text(permitted) + ": a program started this way has E = P");
        }
        if (!ambient.equals(permitted)) {
            notes.add("as a non-root user the program gets only " + text(ambient)
                    + " (ambient needs the capability in inheritable too); as root it gets "
                    + text(permitted));
        }
        return new ExportTarget("text '" + caps + "'", caps.inheritable(), ambient, permitted,
                Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), permitted, Optional.empty(), List.copyOf(notes));
    }

    /** A set as libcap lists it, {@code (none)} when empty. */
    static String text(CapabilitySet set) {
        return set.isEmpty() ? "(none)" : set.toString();
    }
}
