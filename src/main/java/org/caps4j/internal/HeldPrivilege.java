/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this process holds privilege that code loaded into it would inherit: any capability in
 * its inheritable, permitted, effective or ambient set, or uid 0 as any of its real, effective,
 * saved or file-system uids (a uid-0 process owns root's files and regains every capability on
 * its next exec). The bounding set is a limit, not a privilege, and is ignored.
 *
 * <p>Both the calling thread ({@code /proc/thread-self}) and the main thread ({@code /proc/self})
 * are asked, because credentials are per thread and a loaded library runs on every thread.
 * Reads the status files by itself rather than through {@link ProcStatus}: this runs while the
 * shim is being loaded, before any part of the engine may be used.
 */
final class HeldPrivilege {
    private static final List<String> CAPABILITY_FIELDS =
            List.of("CapInh", "CapPrm", "CapEff", "CapAmb");

    private HeldPrivilege() {}

    /**
     * The privilege held, e.g. {@code CapPrm 0000000000000400}, or empty if none. A status file
     * that cannot be read counts as privileged: a check that cannot be made must not be skipped.
     */
    static Optional<String> describe() {
        List<String> held = new ArrayList<>();
        for (String file : List.of("/proc/thread-self/status", "/proc/self/status")) {
            try {
                collect(Files.readAllLines(Path.of(file)), held);
            } catch (IOException e) {
                held.add("unknown (cannot read " + file + ": " + e + ")");
            }
        }
        return held.isEmpty() ? Optional.empty()
                : Optional.of(String.join(", ", held.stream().distinct().toList()));
    }

    private static void collect(List<String> lines, List<String> held) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (CAPABILITY_FIELDS.contains(field) && !value.matches("0+")) {
                held.add(field + " " + value);
            } else if (field.equals("Uid") && List.of(value.split("\\s+")).contains("0")) {
                held.add("Uid " + value.replaceAll("\\s+", " "));
            }
        }
    }
}
