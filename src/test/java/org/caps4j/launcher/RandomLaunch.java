/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.caps4j.Iab;
import org.caps4j.Launcher;

/**
 * One random launch request and the /proc status its child must show. Every capability of a
 * small pool gets one of: not named, a bare name or {@code %} (inheritable), {@code ^}
 * (inheritable and ambient), {@code !} (blocked) or {@code !%} (inheritable and blocked,
 * which libcap applies); the child runs as a non-root uid with random supplementary groups,
 * with or without no_new_privs. For a non-root child of a program without file capabilities
 * the kernel's exec rules give: inheritable = I, permitted = effective = ambient = A,
 * bounding = the JVM's minus the blocked ones.
 */
record RandomLaunch(String iab, long inheritable, long ambient, long blocked, int uid, int gid,
        int[] groups, boolean noNewPrivs, long jvmBounding) {
    private static final String[] POOL = {"cap_chown", "cap_dac_read_search", "cap_kill",
        "cap_net_bind_service", "cap_net_admin", "cap_net_raw", "cap_sys_time"};
    private static final int[] NUMBERS = {0, 2, 5, 10, 12, 13, 25};
    private static final String[] PREFIXES = {"", "%", "^", "!", "!%"};

    static RandomLaunch next(Random random, long jvmBounding) {
        List<String> entries = new ArrayList<>();
        long inheritable = 0, ambient = 0, blocked = 0;
        for (int i = 0; i < POOL.length; i++) {
            int kind = random.nextInt(PREFIXES.length + 1) - 1; // -1: not mentioned
            if (kind < 0) {
                continue;
            }
            String prefix = PREFIXES[kind];
            entries.add(prefix + POOL[i]);
            long bit = 1L << NUMBERS[i];
            inheritable |= prefix.equals("!") ? 0 : bit; // a bare name means inheritable too
            ambient |= prefix.equals("^") ? bit : 0;
            blocked |= prefix.startsWith("!") ? bit : 0;
        }
        int[] groups = random.ints(random.nextInt(4), 100, 104).distinct().sorted().toArray();
        return new RandomLaunch(String.join(",", entries), inheritable, ambient, blocked,
                random.nextBoolean() ? 65534 : 1234, random.nextBoolean() ? 65534 : 4321,
                groups, random.nextBoolean(), jvmBounding);
    }

    Launcher launcher(ProcessBuilder builder) {
        return Launcher.of(builder).iab(Iab.parse(iab)).user(uid, gid, groups)
                .noNewPrivs(noNewPrivs);
    }

    /** The status lines the child must show, as /proc prints them. */
    Map<String, String> expected() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("CapInh", hex(inheritable));
        lines.put("CapPrm", hex(ambient));
        lines.put("CapEff", hex(ambient));
        lines.put("CapBnd", hex(jvmBounding & ~blocked));
        lines.put("CapAmb", hex(ambient));
        lines.put("Uid", (uid + "\t").repeat(4).strip());
        lines.put("Gid", (gid + "\t").repeat(4).strip());
        lines.put("Groups", Arrays.stream(groups).mapToObj(Integer::toString)
                .collect(Collectors.joining(" ")));
        lines.put("NoNewPrivs", noNewPrivs ? "1" : "0");
        return lines;
    }

    /** Every expected line {@code status} does not show, or "" if it shows them all. */
    String differences(String status) {
        Map<String, String> actual = new LinkedHashMap<>();
        status.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                actual.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        });
        return expected().entrySet().stream()
                .filter(e -> !e.getValue().equals(actual.get(e.getKey())))
                .map(e -> e.getKey() + " is " + actual.get(e.getKey()) + ", not " + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private static String hex(long mask) {
        return String.format("%016x", mask);
    }

    @Override
    public String toString() {
        return "iab=" + iab + " uid=" + uid + " gid=" + gid + " groups="
                + Arrays.toString(groups) + " nnp=" + noNewPrivs;
    }
}
