/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.caps4j.testing.LibcapOracle;

/**
 * Child-JVM side of {@link LibcapUniversesTest}: runs with libcap believing the kernel's last
 * capability is {@code args[0]} and compares caps4j with it on random states and texts.
 * Arguments: lastCap, seed, count. Exit 0 when all agree, 1 on a difference, 2 when libcap does
 * not see the faked universe (so nothing would have been tested).
 */
public final class UniverseCheck {
    private static final int SHOWN = 20;

    private UniverseCheck() {}

    public static void main(String[] args) {
        int lastCap = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        int maxBits = LibcapOracle.maxBits();
        if (maxBits != lastCap + 1) {
            System.out.println("libcap's cap_max_bits() is " + maxBits + ", not " + (lastCap + 1)
                    + ": the faked cap_last_cap did not reach it");
            System.exit(2);
        }
        Random random = new Random(seed);
        List<String> differences = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String difference = Differential.compareFormat(TextGen.caps(random, lastCap), lastCap);
            if (difference != null) {
                differences.add(difference);
            }
        }
        Map<Differential.Verdict, Integer> verdicts = new EnumMap<>(Differential.Verdict.class);
        for (int n = 0; n < count; n++) {
            Differential.ParseOutcome outcome = Differential.compareParse(TextGen.text(random),
                    lastCap);
            verdicts.merge(outcome.verdict(), 1, Integer::sum);
            if (outcome.difference() != null) {
                differences.add(outcome.difference());
            }
        }
        System.out.println("lastCap " + lastCap + ", seed " + seed + ": " + count + " states, "
                + count + " texts " + verdicts + ", " + differences.size() + " differences");
        differences.stream().limit(SHOWN).forEach(System.out::println);
        System.exit(differences.isEmpty() ? 0 : 1);
    }
}
