/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code key=value} lines a child main prints, as a map (later keys win). */
public final class ChildOutput {
    private ChildOutput() {}

    public static Map<String, String> parse(ChildJvm.Result result) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : result.stdout().lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /**
     * The one value of {@code field} on every task of census {@code label} (printed by the child
     * as {@code census.<label>.<field>=<hex>x<count>}), failing if the tasks disagree.
     */
    public static long uniformMask(Map<String, String> values, String label, String field,
            ChildJvm.Result result) {
        String tasks = get(values, "census." + label + ".tasks", result);
        String value = get(values, "census." + label + "." + field, result);
        if (!value.endsWith("x" + tasks) || value.contains(",")) {
            throw new AssertionError("tasks disagree on " + field + " (" + label + "): " + value);
        }
        return Long.parseUnsignedLong(value.substring(0, value.indexOf('x')), 16);
    }

    /** The value of {@code key}, failing with the child's whole output if it is missing. */
    public static String get(Map<String, String> values, String key, ChildJvm.Result result) {
        String value = values.get(key);
        if (value == null) {
            throw new AssertionError("child did not print " + key + "\n--- stdout\n"
                    + result.stdout() + "\n--- stderr\n" + result.stderr());
        }
        return value;
    }
}
