/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An independent model of what a well-formed clause does, written from cap_from_text(3) and
 * not from the parser: a clause is rendered to text for the parser and applied here to three
 * masks, and the two results are compared.
 *
 * <p>The model: a list names capabilities ({@code all} = 0..lastCap, names in any case,
 * decimal numbers; libcap lets {@code all} replace the items before it, not add to them); {@code =} first removes them from all three sets; {@code +} adds them to
 * the flagged sets; {@code -} removes them from the flagged sets; {@code =+F} and {@code =-F}
 * are {@code =} followed by {@code +F} or {@code -F}. A clause without a list is {@code all}.
 */
record ClauseModel(List<String> items, List<Step> steps) {
    /** One operator with its flag letters, e.g. {@code =+} and {@code ep}. */
    record Step(String operator, String flags) {}

    String render() {
        return String.join(",", items) + steps.stream()
                .map(step -> step.operator() + step.flags()).collect(Collectors.joining());
    }

    static String render(List<ClauseModel> clauses) {
        return clauses.stream().map(ClauseModel::render).collect(Collectors.joining(" "));
    }

    /** The state after applying {@code clauses}, in order, to {@code start}. */
    static CapMasks apply(CapMasks start, List<ClauseModel> clauses, int lastCap) {
        long[] sets = {start.effective(), start.permitted(), start.inheritable()};
        for (ClauseModel clause : clauses) {
            clause.applyTo(sets, lastCap);
        }
        return new CapMasks(sets[0], sets[1], sets[2]);
    }

    private void applyTo(long[] sets, int lastCap) {
        long list = 0;
        for (String item : items.isEmpty() ? List.of("all") : items) {
            // libcap quirk: "all" sets the list to 0..lastCap, forgetting earlier items.
            list = item.equalsIgnoreCase("all") ? mask(item, lastCap) : list | mask(item, lastCap);
        }
        for (Step step : steps) {
            String operator = step.operator();
            if (operator.startsWith("=")) {
                for (int set = 0; set < 3; set++) {
                    sets[set] &= ~list;
                }
                operator = operator.length() > 1 ? operator.substring(1) : "+";
            }
            for (int set = 0; set < 3; set++) {
                if (step.flags().indexOf("epi".charAt(set)) >= 0) {
                    sets[set] = operator.equals("+") ? sets[set] | list : sets[set] & ~list;
                }
            }
        }
    }

    private static long mask(String item, int lastCap) {
        String lower = item.toLowerCase(Locale.ROOT);
        if (lower.equals("all")) {
            return lastCap == 63 ? -1L : (1L << (lastCap + 1)) - 1;
        }
        if (Character.isDigit(lower.charAt(0))) {
            return 1L << Integer.parseInt(lower);
        }
        // The name table, not the parser's lookup (the table is checked against the header).
        for (int number = 0; number <= CapabilityNames.lastNamed(); number++) {
            if (CapabilityNames.name(number).equals(lower)) {
                return 1L << number;
            }
        }
        throw new IllegalArgumentException("the generator made an unknown name: " + item);
    }
}
