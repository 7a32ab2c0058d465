/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * Reasons for the two number forms caps4j refuses although libcap accepts them. libcap reads
 * numbers with strtoul(..., 0), so {@code 010} is octal 8 and {@code 0x3f} is 63: easy to write
 * by accident (a zero-padded "010" meaning ten) and silently a different capability. The
 * messages say what libcap would have made of the number, so the fix is obvious.
 */
final class NumberHints {
    private NumberHints() {}

    /** For a number at {@code start} that begins with '0' followed by another digit. */
    static String leadingZero(Cursor cursor, int start) {
        int end = runEnd(cursor, start, 10);
        String digits = text(cursor, start, end);
        String reading = runEnd(cursor, start, 8) == end
                ? value(digits, 8, "octal")
                : "libcap reads a leading 0 as the start of an octal number";
        return "capability number '" + digits + "' has a leading zero: only plain decimal "
                + "numbers are accepted, because " + reading;
    }

    /** For a number at {@code start} that begins with 0x or 0X. */
    static String hexadecimal(Cursor cursor, int start) {
        int end = runEnd(cursor, start + 2, 16);
        String written = text(cursor, start, end);
        String reading = end == start + 2
                ? "libcap would read it as 0 and stop at the 'x'"
                : value(text(cursor, start + 2, end), 16, "hexadecimal");
        return "capability number '" + written + "' is hexadecimal: only plain decimal numbers "
                + "are accepted, because " + reading;
    }

    /** What strtoul makes of {@code digits} in {@code radix}, and the decimal to write instead. */
    private static String value(String digits, int radix, String radixName) {
        long value;
        try {
            value = Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException tooLong) {
            return "libcap would read it as a huge " + radixName + " number";
        }
        return value < Long.SIZE
                ? "libcap would read it as " + radixName + " (" + value + "); write " + value
                : "libcap would read it as " + radixName + " (" + Long.toUnsignedString(value)
                        + "), which is outside 0..63";
    }

    private static int runEnd(Cursor cursor, int from, int radix) {
        int end = from;
        while (cursor.peek(end) != Cursor.END && Character.digit(cursor.peek(end), radix) >= 0
                && cursor.peek(end) < 0x80) {
            end++;
        }
        return end;
    }

    private static String text(Cursor cursor, int start, int end) {
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            out.append((char) cursor.peek(i));
        }
        return out.toString();
    }
}
