/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.Objects;

/**
 * libcap's text format ({@code cap_from_text(3)} / {@code cap_to_text(3)}) in pure Java, over
 * {@link CapMasks}, for a kernel whose {@code /proc/sys/kernel/cap_last_cap} is
 * {@code lastCap}: "all" and a bare {@code =} mean capabilities {@code 0..lastCap}, what libcap
 * calls {@code cap_max_bits()}. The grammar and its deliberate strictness are described on
 * {@link TextParser}, the output algorithm on {@link TextFormatter}.
 */
public final class CapText {
    /** Longer text is refused unread: no legitimate capability text comes close to 64 KiB. */
    static final int MAX_LENGTH = 65536;

    private CapText() {}

    /**
     * Parses {@code text} as cap_from_text would.
     *
     * @throws TextSyntaxException with the position of the first offending character
     * @throws IllegalArgumentException if {@code lastCap} is outside 0..63
     */
    public static CapMasks parse(String text, int lastCap) {
        Objects.requireNonNull(text, "text");
        checkLastCap(lastCap);
        if (text.length() > MAX_LENGTH) {
            throw new TextSyntaxException(text, MAX_LENGTH, "capability text is "
                    + text.length() + " characters long; at most " + MAX_LENGTH
                    + " are accepted");
        }
        return TextParser.parse(text, lastCap);
    }

    /**
     * Formats {@code caps} as cap_to_text would on that kernel, byte for byte.
     *
     * @throws IllegalArgumentException if {@code lastCap} is outside 0..63
     */
    public static String format(CapMasks caps, int lastCap) {
        Objects.requireNonNull(caps, "caps");
        checkLastCap(lastCap);
        return TextFormatter.format(caps, lastCap);
    }

    /** The mask of {@code 0..lastCap}, what "all" and '=' stand for; lastCap is in 0..63. */
    static long universe(int lastCap) {
        return -1L >>> (Long.SIZE - 1 - lastCap);
    }

    static void checkLastCap(int lastCap) {
        if (lastCap < 0 || lastCap >= Long.SIZE) {
            throw new IllegalArgumentException("lastCap " + lastCap + " is outside 0..63");
        }
    }
}
