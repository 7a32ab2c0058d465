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
