/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps4j;
import org.caps4j.Iab;
import org.caps4j.SecureBit;
import org.caps4j.SecureBits;

/**
 * The four forms {@code export} writes an {@link ExportTarget} in. Each returns the lines (or
 * the argv) and adds to {@code notes} what its tool cannot express.
 */
final class ExportFormats {
    private ExportFormats() {}

    /** systemd.exec(5) lines for a {@code [Service]} section. */
    static List<String> systemd(ExportTarget target, List<String> notes) {
        List<String> lines = new ArrayList<>();
        if (target.uid().isPresent() && target.uid().getAsLong() != 0) {
            lines.add("User=" + target.uid().getAsLong());
            lines.add("Group=" + target.gid().getAsLong());
            lines.add("SupplementaryGroups=" + target.groups().orElse(List.of()).stream()
                    .map(String::valueOf).collect(Collectors.joining(" ")));
        }
        lines.add("AmbientCapabilities=" + systemdNames(target.ambient()));
        // An empty value means the empty set for CapabilityBoundingSet= (and "~" the full one).
        lines.add("CapabilityBoundingSet=" + systemdNames(target.bounding()));
        target.noNewPrivs().ifPresent(nnp -> lines.add("NoNewPrivileges=" + (nnp ? "yes" : "no")));
        target.secureBits().ifPresent(bits -> lines.add("SecureBits=" + systemdBits(bits, notes)));
        if (!target.inheritable().equals(target.ambient())) {
            notes.add("systemd sets inheritable to the ambient set; inheritable "
                    + ExportTarget.text(target.inheritable()) + " is not expressible");
        }
        return lines;
    }

    /** {@code setpriv} and its options, ending with {@code --} (the command follows). */
    static List<String> setpriv(ExportTarget target, List<String> notes) {
        List<String> argv = new ArrayList<>(List.of("setpriv"));
        if (target.uid().isPresent()) {
            argv.add("--reuid=" + target.uid().getAsLong());
            argv.add("--regid=" + target.gid().getAsLong());
            List<Long> groups = target.groups().orElse(List.of());
            argv.add(groups.isEmpty() ? "--clear-groups" : "--groups=" + groups.stream()
                    .map(String::valueOf).collect(Collectors.joining(",")));
        }
        argv.add("--inh-caps=" + setprivList(target.inheritable()));
        argv.add("--ambient-caps=" + setprivList(target.ambient()));
        argv.add("--bounding-set=" + setprivList(target.bounding()));
        if (target.noNewPrivs().orElse(false)) {
            argv.add("--no-new-privs");
        }
        target.secureBits().ifPresent(bits -> {
            StringJoiner set = new StringJoiner(",");
            for (SecureBit bit : bits.named()) {
                switch (bit) {
                    case KEEP_CAPS -> { } // cleared by execve anyway; setpriv refuses it
                    case NO_CAP_AMBIENT_RAISE, NO_CAP_AMBIENT_RAISE_LOCKED -> notes.add(
                            "setpriv cannot set securebit " + bit.name().toLowerCase(Locale.ROOT));
                    default -> set.add("+" + bit.name().toLowerCase(Locale.ROOT));
                }
            }
            if (set.length() > 0) {
                argv.add("--securebits=" + set);
            }
        });
        argv.add("--");
        return argv;
    }

    /**
     * {@code capsh} and its options, ending with {@code --} ({@code -c 'COMMAND'} follows: capsh
     * runs /bin/bash). The ids change first, with keep-caps, because a change from uid 0 clears
     * the ambient set; then {@code --iab} sets inheritable, ambient and bounding at once.
     */
    static List<String> capsh(ExportTarget target, List<String> notes) {
        List<String> argv = new ArrayList<>(List.of("capsh"));
        if (target.uid().isPresent() && target.uid().getAsLong() != 0) {
            argv.add("--keep=1");
            argv.add("--gid=" + target.gid().getAsLong());
            List<Long> groups = target.groups().orElse(List.of());
            if (groups.isEmpty()) {
                notes.add("capsh cannot clear the supplementary groups (it refuses --groups= "
                        + "with no group): run it from a process without any");
            } else {
                argv.add("--groups=" + groups.stream().map(String::valueOf)
                        .collect(Collectors.joining(",")));
            }
            argv.add("--uid=" + target.uid().getAsLong());
        }
        CapabilitySet blocked = CapabilitySet.fromMask(universe()).minus(target.bounding());
        argv.add("--iab=" + Iab.of(target.inheritable(), target.ambient(), blocked));
        if (target.noNewPrivs().orElse(false)) {
            argv.add("--no-new-privs");
        }
        target.secureBits().filter(bits -> bits.bits() != 0)
                .ifPresent(bits -> argv.add("--secbits=" + bits.bits()));
        argv.add("--");
        return argv;
    }

    /** A caps4j-launch policy granting what the program would hold; placeholders to review. */
    static List<String> launchPolicy(ExportTarget target, List<String> notes) {
        if (target.permitted().isEmpty()) {
            throw new IllegalStateException(target.source() + " holds no capabilities: a "
                    + "caps4j-launch policy must grant at least one");
        }
        List<String> lines = new ArrayList<>();
        lines.add("# review type, program and allow-user before installing");
        lines.add("type = binary");
        lines.add("program = " + target.program().orElse("/usr/local/bin/CHANGE-ME"));
        lines.add("caps = " + target.permitted());
        if (target.uid().isPresent() && target.uid().getAsLong() != 0) {
            lines.add("user = " + target.uid().getAsLong());
            lines.add("group = " + target.gid().getAsLong());
        }
        lines.add("allow-user = root");
        if (!target.bounding().equals(CapabilitySet.fromMask(universe()))) {
            notes.add("caps4j-launch keeps the caller's bounding set; it does not set "
                    + ExportTarget.text(target.bounding()));
        }
        if (target.noNewPrivs().orElse(false)) {
            notes.add("caps4j-launch has no no_new_privs setting");
        }
        return lines;
    }

    private static long universe() {
        return -1L >>> (Long.SIZE - 1 - Caps4j.kernelLastCap());
    }

    private static String systemdNames(CapabilitySet set) {
        return set.numbers().mapToObj(n -> Capability.ofNumber(n)
                .map(c -> c.capName().toUpperCase(Locale.ROOT)).orElse(Integer.toString(n)))
                .collect(Collectors.joining(" "));
    }

    /** setpriv's list: {@code -all} then {@code +name} for each member (names without cap_). */
    private static String setprivList(CapabilitySet set) {
        StringJoiner list = new StringJoiner(",");
        list.add("-all");
        set.numbers().forEach(n -> list.add("+" + Capability.ofNumber(n)
                .map(c -> c.capName().substring("cap_".length())).orElse("cap_" + n)));
        return list.toString();
    }

    private static String systemdBits(SecureBits bits, List<String> notes) {
        StringJoiner names = new StringJoiner(" ");
        for (SecureBit bit : bits.named()) {
            switch (bit) {
                case NO_CAP_AMBIENT_RAISE, NO_CAP_AMBIENT_RAISE_LOCKED -> notes.add(
                        "systemd has no SecureBits= name for " + bit.name().toLowerCase(
                                Locale.ROOT));
                default -> names.add(bit.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        return names.toString();
    }
}
