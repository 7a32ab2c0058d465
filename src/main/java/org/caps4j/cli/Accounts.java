/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.caps4j.internal.ProcStatus;

/**
 * User and group names for the demo's {@code uid=0(root)} lines, from {@code /etc/passwd} and
 * {@code /etc/group} only (NSS sources such as LDAP are not consulted; unknown ids print
 * {@code ???} as capsh does), and the calling thread's supplementary groups from /proc.
 */
final class Accounts {
    private final Map<Long, String> users;
    private final Map<Long, String> groups;

    private Accounts(Map<Long, String> users, Map<Long, String> groups) {
        this.users = users;
        this.groups = groups;
    }

    static Accounts fromFiles() {
        return new Accounts(names(Path.of("/etc/passwd")), names(Path.of("/etc/group")));
    }

    String user(long uid) {
        return uid + "(" + users.getOrDefault(uid, "???") + ")";
    }

    String group(long gid) {
        return gid + "(" + groups.getOrDefault(gid, "???") + ")";
    }

    /** The {@code Groups:} line of /proc/thread-self/status: what getgroups(2) returns. */
    static List<Long> supplementaryGroups() {
        try {
            return Arrays.stream(ProcStatus.groups(Files.readAllBytes(
                    Path.of("/proc/thread-self/status")))).mapToObj(Integer::toUnsignedLong)
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read /proc/thread-self/status", e);
        }
    }

    /** name:x:id:... lines; the first name for an id wins, as getpwuid/getgrgid return it. */
    private static Map<Long, String> names(Path file) {
        Map<Long, String> byId = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && !line.startsWith("#")) {
                    try {
                        byId.putIfAbsent(Long.parseLong(fields[2]), fields[0]);
                    } catch (NumberFormatException malformed) {
                        // A malformed line names nobody; getpwuid skips it too.
                    }
                }
            }
        } catch (IOException unreadable) {
            return Map.of();
        }
        return byId;
    }
}
