package org.caps4j.internal.text;

import java.util.HashMap;
import java.util.Map;
import org.caps4j.Capability;

/**
 * The capability list that starts a clause: names, numbers and {@code all} joined by commas,
 * with no spaces, e.g. {@code cap_chown,CAP_KILL,41}.
 *
 * <p>Names are matched case-insensitively over ASCII only, as libcap's tolower() does, and every
 * name this library knows is accepted whatever the kernel's last capability: Debian's libcap 2.66
 * is built with a gperf name table that does not consult cap_max_bits() either. Numbers are
 * plain decimal 0..63 (see {@link TextParser} for why that is stricter than libcap).
 */
final class CapListParser {
    /** Capability bits a 64-bit mask can hold; libcap's __CAP_MAXBITS. */
    private static final int MAX_BITS = Long.SIZE;
    private static final Map<String, Capability> BY_NAME = byName();

    private CapListParser() {}

    /**
     * Reads the list at the cursor, which is on a name or number character, and returns its
     * mask. {@code all} stands for {@code allMask}, the capabilities of the kernel's universe.
     */
    static long parse(Cursor cursor, long allMask) {
        long list = 0;
        while (true) {
            list |= item(cursor, allMask);
            if (cursor.peek() != ',') {
                return list;
            }
            cursor.skip(1);
            if (!CType.isWord(cursor.peek())) {
                throw cursor.expected("expected a capability name, a number or 'all' after ','");
            }
        }
    }

    private static long item(Cursor cursor, long allMask) {
        if (CType.isDigit(cursor.peek())) {
            return 1L << number(cursor);
        }
        int start = cursor.position();
        while (CType.isWord(cursor.peek())) {
            cursor.skip(1);
        }
        String word = cursor.since(start);
        String lower = lowerAscii(word);
        if (lower.equals("all")) {
            return allMask;
        }
        Capability capability = BY_NAME.get(lower);
        if (capability == null) {
            throw cursor.errorAt(start, "unknown capability name '" + word
                    + "': expected a name such as cap_chown, a number 0..63 or 'all'");
        }
        return 1L << capability.number();
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

    /** Lower-cases A-Z only; the word holds nothing but ASCII letters, digits and '_'. */
    private static String lowerAscii(String word) {
        char[] chars = word.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = CType.toLower(chars[i]);
        }
        return new String(chars);
    }

    private static Map<String, Capability> byName() {
        Map<String, Capability> names = new HashMap<>();
        for (Capability capability : Capability.values()) {
            names.put(capability.capName(), capability);
        }
        return names;
    }
}
