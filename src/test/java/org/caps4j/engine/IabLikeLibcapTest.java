package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.caps4j.Iab;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.LibcapIabOracle;
import org.caps4j.testing.LibcapOracle;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 7 (IAB order differs from libcap): differential against
 * {@code capsh --iab=TEXT --print} over {@value #COUNT} IABs (the first
 * {@code !%cap_net_admin,^cap_chown}, a capability both inheritable and blocked; the rest random
 * from a fixed seed, with entries {@code !%}, {@code !^}, {@code ^}, {@code !}, {@code %} and
 * plain). For every IAB that capsh applies, a fresh JVM's {@code Iab.parse(TEXT).apply()} must
 * succeed and every task must end with the IAB capsh reports (both read through libcap's
 * parser). caps4j used to drop the bounding set before raising I, which refuses {@code !%}.
 */
class IabLikeLibcapTest {
    private static final int COUNT = 25;
    private static final long SEED = 0x1AB_2026L;
    private static final String[] CAPS = {"cap_chown", "cap_kill", "cap_net_admin", "cap_net_raw",
        "cap_net_bind_service", "cap_sys_nice", "cap_setpcap"};
    private static final String[] PREFIXES = {"", "%", "!", "!%", "^", "!^"};

    @Test
    void everyIabCapshAppliesCaps4jAppliesToTheSameStateOnEveryThread() {
        Privileged.requireRoot();
        LibcapOracle.require();
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
            Iab expected = LibcapIabOracle.fromText(capshIab).orElseThrow();
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

    private static String compare(String text, String capshIab, Iab expected, ChildJvm.Result child) {
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
        Optional<Iab> actual = LibcapIabOracle.fromText(iab);
        if (actual.isEmpty() || !actual.get().equals(expected)) {
            return where + ", caps4j's Iab.fromProcess() '" + iab + "'";
        }
        long all = -1L >>> (63 - lastCap());
        long[] want = {expected.inheritable().mask(), all & ~expected.blocked().mask(),
            expected.ambient().mask()};
        String[] fields = {"CapInh", "CapBnd", "CapAmb"};
        String tasks = out.getOrDefault("census.after.tasks", "?");
        for (int f = 0; f < fields.length; f++) {
            String census = out.getOrDefault("census.after." + fields[f], "");
            String uniform = String.format("%016x", want[f]) + "x" + tasks;
            if (!census.equals(uniform)) {
                return where + ", tasks' " + fields[f] + " " + census + " (want " + uniform + ")";
            }
        }
        return "";
    }

    private static int lastCap() {
        try {
            return Integer.parseInt(java.nio.file.Files.readString(
                    java.nio.file.Path.of("/proc/sys/kernel/cap_last_cap")).strip());
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
