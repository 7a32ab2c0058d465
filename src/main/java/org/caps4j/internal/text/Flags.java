/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * A combination of the three sets as one 3-bit number, with libcap's bit values (effective 1,
 * permitted 2, inheritable 4). The formatter's histogram is indexed by it and libcap breaks ties
 * between equally frequent combinations by this number, so the values are not arbitrary.
 */
final class Flags {
    static final int NONE = 0;
    static final int EFFECTIVE = 1;
    static final int PERMITTED = 2;
    static final int INHERITABLE = 4;
    static final int COMBINATIONS = 8;

    private Flags() {}

    /** The flag for a letter of the text format, or {@link #NONE}; letters are case-sensitive. */
    static int ofLetter(int c) {
        return switch (c) {
            case 'e' -> EFFECTIVE;
            case 'p' -> PERMITTED;
            case 'i' -> INHERITABLE;
            default -> NONE;
        };
    }

    /** {@link #letters} for each combination, computed once: the formatter asks per clause. */
    private static final String[] LETTERS = new String[COMBINATIONS];

    static {
        for (int flags = 0; flags < COMBINATIONS; flags++) {
            LETTERS[flags] = ((flags & EFFECTIVE) != 0 ? "e" : "")
                    + ((flags & INHERITABLE) != 0 ? "i" : "")
                    + ((flags & PERMITTED) != 0 ? "p" : "");
        }
    }

    /** The letters of {@code flags} in the order libcap writes them: e, i, p. */
    static String letters(int flags) {
        return LETTERS[flags];
    }

    /** Which of the three masks hold capability number {@code bit}. */
    static int of(long effective, long permitted, long inheritable, int bit) {
        return (int) ((effective >>> bit) & 1)
                | (int) ((permitted >>> bit) & 1) << 1
                | (int) ((inheritable >>> bit) & 1) << 2;
    }
}
