/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A user's ids from {@code /etc/passwd} and {@code /etc/group} only, read and parsed here
 * (no NSS: LDAP, sssd or systemd-userdb users are not found). Supplementary groups are, as
 * initgroups(3) computes them, every group whose member list names the user plus the user's
 * primary group.
 */
public final class PasswdFiles {
    /** A user's uid, primary gid and sorted supplementary groups (primary included). */
    public record Account(String name, int uid, int gid, int[] groups) {}

    private PasswdFiles() {}

    public static Optional<Account> lookup(String user) {
        return lookup(user, Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    static Optional<Account> lookup(String user, Path passwd, Path group) {
        for (String line : lines(passwd)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 7 && fields[0].equals(user)) {
                int uid = parseId(fields[2], passwd, line);
                int gid = parseId(fields[3], passwd, line);
                TreeSet<Long> groups = new TreeSet<>();
                groups.add(Integer.toUnsignedLong(gid));
                for (String groupLine : lines(group)) {
                    String[] g = groupLine.split(":", -1);
                    if (g.length >= 4 && List.of(g[3].split(",")).contains(user)) {
                        groups.add(Integer.toUnsignedLong(parseId(g[2], group, groupLine)));
                    }
                }
                return Optional.of(new Account(user, uid, gid,
                        groups.stream().mapToInt(Long::intValue).toArray()));
            }
        }
        return Optional.empty();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")
                            && !line.startsWith("+") && !line.startsWith("-"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static int parseId(String text, Path file, String line) {
        try {
            long id = Long.parseLong(text);
            if (id < 0 || id >= 0xffff_ffffL) {
                throw new NumberFormatException("out of range");
            }
            return (int) id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed id '" + text + "' in " + file
                    + " line: " + line, e);
        }
    }
}
