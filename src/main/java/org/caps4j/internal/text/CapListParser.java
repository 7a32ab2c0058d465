/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * The capability list that starts a clause: names, numbers and {@code all} joined by commas,
 * with no spaces, e.g. {@code cap_chown,CAP_KILL,41}.
 *
 * <p>{@code all} replaces the capabilities listed before it instead of adding to them, as in
 * libcap, so it only makes a difference for bits above lastCap written before it.
 *
 * <p>Names are matched case-insensitively over ASCII only, as libcap's tolower() does, and every
 * name this library knows is accepted whatever the kernel's last capability: Debian's libcap 2.66
 * is built with a gperf name table that does not consult cap_max_bits() either. Numbers are
 * plain decimal 0..63 (see {@link TextParser} for why that is stricter than libcap).
 */
final class CapListParser {
    /** Capability bits a 64-bit mask can hold; libcap's __CAP_MAXBITS. */
    private static final int MAX_BITS = Long.SIZE;
    private static final String ALL = "all";

    private CapListParser() {}

    /**
     * Reads the list at the cursor, which is on a name or number character, and returns its
     * mask. {@code all} stands for {@code allMask}, the capabilities of the kernel's universe.
     */
    static long parse(Cursor cursor, long allMask) {
        long list = 0;
        while (true) {
            if (atAll(cursor)) {
                cursor.skip(ALL.length());
                // libcap's forceall() assigns the list rather than adding to it, so "all" drops
                // what came before it: "50,all" is 0..lastCap without 50; "all,50" has 50.
                list = allMask;
            } else {
                list |= 1L << capability(cursor,
                        "a name such as cap_chown, a number 0..63 or 'all'");
            }
            if (cursor.peek() != ',') {
                return list;
            }
            cursor.skip(1);
            if (!CType.isWord(cursor.peek())) {
                throw cursor.expected("expected a capability name, a number or 'all' after ','");
            }
        }
    }

    /** Whether the cursor is on the word "all", in any case. */
    static boolean atAll(Cursor cursor) {
        int at = cursor.position();
        for (int n = 0; n < ALL.length(); n++) {
            int c = cursor.peek(at + n);
            if (c == Cursor.END || CType.toLower((char) c) != ALL.charAt(n)) {
                return false;
            }
        }
        return !CType.isWord(cursor.peek(at + ALL.length()));
    }

    /**
     * The number of the one capability named or numbered at the cursor; an unknown name is
     * refused with a reason ending in "expected {@code alternatives}".
     */
    static int capability(Cursor cursor, String alternatives) {
        if (CType.isDigit(cursor.peek())) {
            return number(cursor);
        }
        int start = cursor.position();
        while (CType.isWord(cursor.peek())) {
            cursor.skip(1);
        }
        int number = CapabilityNames.numberOf(cursor.text(), start, cursor.position());
        if (number >= 0) {
            return number;
        }
        throw cursor.errorAt(start, "unknown capability name '" + cursor.since(start)
                + "': expected " + alternatives);
    }

    /** A decimal capability number; the strict cases are refused here, before any value is used. */
    private static int number(Cursor cursor) {
        int start = cursor.position();
        int second = cursor.peek(start + 1);
        if (cursor.peek() == '0' && (second == 'x' || second == 'X')) {
            throw cursor.errorAt(start, NumberHints.hexadecimal(cursor, start));
        }
        if (cursor.peek() == '0' && CType.isDigit(second)) {
            throw cursor.errorAt(start, NumberHints.leadingZero(cursor, start));
        }
        long value = 0;
        while (CType.isDigit(cursor.peek())) {
            // Saturate instead of overflowing: anything at or above 64 is refused the same way.
            value = Math.min(value * 10 + (cursor.next() - '0'), MAX_BITS);
        }
        if (value >= MAX_BITS) {
            throw cursor.errorAt(start, "capability number " + cursor.since(start)
                    + " is outside 0..63");
        }
        return (int) value;
    }
}
