/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.PrintStream;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Flag;

/** {@code decode} and {@code parse}: pure text tools, no kernel state needed. */
final class TextCommands {
    private TextCommands() {}

    /**
     * Prints a mask the way {@code capsh --decode} does:
     * {@code 0x0000000000000400=cap_net_bind_service}.
     * Accepts hexadecimal with or without {@code 0x}, as /proc/PID/status prints masks; unlike
     * capsh, text that is not a 64-bit hex number is an error, not silently 0.
     */
    static int decode(String operand, PrintStream out) {
        out.println(hexMask(CapabilitySet.fromMask(parseHexMask(operand))));
        return Main.OK;
    }

    /** Prints the three masks of parsed text and libcap's canonical form of it. */
    static int parse(String text, PrintStream out) {
        Caps caps = Caps.parse(text);
        for (Flag flag : Flag.values()) {
            out.printf("%-12s%s%n", flag.name().toLowerCase(java.util.Locale.ROOT),
                    hexMask(caps.get(flag)));
        }
        out.printf("%-12s%s%n", "canonical", caps);
        return Main.OK;
    }

    /** {@code 0x%016x=names}, the shape capsh --decode prints. */
    static String hexMask(CapabilitySet set) {
        return String.format("0x%016x=%s", set.mask(), set);
    }

    static long parseHexMask(String operand) {
        String digits = operand.startsWith("0x") || operand.startsWith("0X")
                ? operand.substring(2) : operand;
        if (digits.isEmpty() || digits.length() > 16
                || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
            throw new IllegalArgumentException("'" + operand
                    + "' is not a capability mask: expected 1 to 16 hexadecimal digits, "
                    + "optionally prefixed by 0x (e.g. 0x400 or 000001ffffffffff)");
        }
        return Long.parseUnsignedLong(digits, 16);
    }
}
