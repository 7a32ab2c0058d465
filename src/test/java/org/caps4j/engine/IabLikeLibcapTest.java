/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.caps4j.Capability;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 7 (IAB order differs from libcap): differential against
 * {@code capsh --iab=TEXT --print} over {@value #COUNT} IABs (the first
 * {@code !%cap_net_admin,^cap_chown}, a capability both inheritable and blocked; the rest random
 * from a fixed seed, with entries {@code !%}, {@code !^}, {@code ^}, {@code !}, {@code %} and
 * plain). For every IAB that capsh applies, a fresh JVM's {@code Iab.parse(TEXT).apply()} must
 * succeed and every task must end with the IAB capsh reports (CapInh, CapBnd, CapAmb of
 * every task). caps4j used to drop the bounding set before raising I, which refuses {@code !%}.
 */
class IabLikeLibcapTest {
    private static final int COUNT = 25;
    private static final long SEED = 0x1AB_2026L;
    private static final String[] CAPS = {"cap_chown", "cap_kill", "cap_net_admin", "cap_net_raw",
        "cap_net_bind_service", "cap_sys_nice", "cap_setpcap"};
    private static final String[] FIELDS = {"CapInh", "CapBnd", "CapAmb"};
    private static final String[] PREFIXES = {"", "%", "!", "!%", "^", "!^"};

    @Test
    void everyIabCapshAppliesCaps4jAppliesToTheSameStateOnEveryThread() {
        Privileged.requireRoot();
        String capsh = Privileged.requireTool("capsh").toString();
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < COUNT; i++) {
            String text = i == 0 ? "!%cap_net_admin,^cap_chown" : randomIab(random);
            ChildJvm.Result libcap = ChildJvm.exec(List.of(capsh, "--iab=" + text, "--print"));
            if (libcap.exitCode() != 0) {
                continue; // libcap refuses it too: nothing to compare
            }
            String capshIab = line(libcap.stdout(), "Current IAB:");
            long[] expected = masks(capshIab);
            ChildJvm.Result child = ChildJvm.run(IabLikeLibcapMain.class, text);
            compared++;
            String problem = compare(text, capshIab, expected, child);
            if (!problem.isEmpty()) {
                problems.add(problem);
            }
        }
        System.out.println("IAB vs capsh: " + compared + " compared, " + problems.size()
                + " differ (seed " + SEED + ")");
        assertTrue(compared >= COUNT / 2, "capsh applied too few IABs: " + compared);
        assertTrue(problems.isEmpty(), problems.size() + " of " + compared + " IABs end differently"
                + " from capsh --iab (seed " + SEED + "):\n" + String.join("\n", problems));
    }

    private static String compare(String text, String capshIab, long[] expected,
            ChildJvm.Result child) {
        String where = "'" + text + "': capsh '" + capshIab + "'";
        if (child.exitCode() != 0) {
            return where + ", child exited " + child.exitCode() + ": " + child.stderr();
        }
        Map<String, String> out = ChildOutput.parse(child);
        String apply = out.getOrDefault("apply", "(none)");
        if (!apply.equals("ok")) {
            return where + ", caps4j: " + apply;
        }
        String iab = out.getOrDefault("iab", "");
        if (!Arrays.equals(masks(iab), expected)) {
            return where + ", caps4j's Iab.fromProcess() '" + iab + "'";
        }
        String tasks = out.getOrDefault("census.after.tasks", "?");
        for (int f = 0; f < FIELDS.length; f++) {
            String census = out.getOrDefault("census.after." + FIELDS[f], "");
            String uniform = String.format("%016x", expected[f]) + "x" + tasks;
            if (!census.equals(uniform)) {
                return where + ", tasks' " + FIELDS[f] + " " + census + " (want " + uniform + ")";
            }
        }
        return "";
    }

    /**
     * CapInh, CapBnd and CapAmb of the state an IAB text describes, as libcap prints it
     * ({@code [!][^|%]name} entries; this test's own reading, independent of caps4j's codec).
     */
    private static long[] masks(String iab) {
        long inheritable = 0, ambient = 0, blocked = 0;
        for (String entry : iab.isEmpty() ? new String[0] : iab.split(",")) {
            String name = entry.replaceAll("^[!^%]+", "");
            long bit = 1L << Capability.parse(name).number();
            blocked |= entry.startsWith("!") ? bit : 0;
            ambient |= entry.contains("^") ? bit : 0;
            inheritable |= entry.contains("^") || entry.contains("%")
                    || entry.equals(name) ? bit : 0;
        }
        long all = -1L >>> (63 - lastCap());
        return new long[] {inheritable, all & ~blocked, ambient};
    }

    private static int lastCap() {
        try {
            // Not Files.readString: on JDK 25 it returned only "4" of this /proc file's "40\n".
            return Integer.parseInt(java.nio.file.Files.readAllLines(
                    java.nio.file.Path.of("/proc/sys/kernel/cap_last_cap")).get(0).strip());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String randomIab(Random random) {
        Set<String> entries = new LinkedHashSet<>();
        int size = 1 + random.nextInt(4);
        Set<String> used = new LinkedHashSet<>();
        while (entries.size() < size) {
            String cap = CAPS[random.nextInt(CAPS.length)];
            if (used.add(cap)) {
                entries.add(PREFIXES[random.nextInt(PREFIXES.length)] + cap);
            }
        }
        return String.join(",", entries);
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).strip())
                .orElseThrow(() -> new AssertionError("capsh printed no '" + prefix + "':\n" + output));
    }
}
