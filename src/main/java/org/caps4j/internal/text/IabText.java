/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.Objects;

/**
 * libcap's IAB text ({@code cap_iab_from_text(3)} / {@code cap_iab_to_text(3)}) in pure Java,
 * over {@link IabMasks}.
 *
 * <p>Grammar (libcap 2.66): a comma-separated list of items, no white space anywhere; an item is
 * any run of the prefixes {@code !} (blocked: dropped from the bounding set), {@code ^} (ambient,
 * which implies inheritable) and {@code %} (inheritable) followed by one capability name
 * (case-insensitive) or number. An item without a prefix is inheritable. The empty text is the
 * empty IAB, a trailing comma is allowed, {@code all} is not a name here.
 *
 * <p>Output: one item per capability in ascending order, {@code !} if blocked, then {@code ^} if
 * ambient, or {@code %} if blocked and inheritable but not ambient, then the name (the number for
 * a capability libcap has no name for), joined by commas; the empty IAB is the empty string.
 *
 * <p>Deliberately different from libcap 2.66:
 * <ul>
 * <li>Numbers must be plain decimal ({@code 010} and {@code 0x1f} are refused, as in
 *     {@link TextParser}); a NUL character is refused; text over 64 KiB is refused unread.</li>
 * <li>Prefixes with no capability after them at the end of the text ({@code "!"},
 *     {@code "cap_chown,^"}) are refused: libcap silently ignores them, so the capability the
 *     writer meant to block or raise is missing without a word.</li>
 * <li>Capabilities above the kernel's last one ({@code lastCap}) are accepted (0..63, as
 *     libcap's parser does) and kept; {@link #format} writes them as numbers, where libcap's
 *     cap_iab_to_text silently leaves them out. Up to {@code lastCap} the output is
 *     byte-identical.</li>
 * </ul>
 */
public final class IabText {
    private static final String ITEM = "a capability name such as cap_chown or a number 0..63";

    private IabText() {}

    /**
     * Parses IAB text as cap_iab_from_text would.
     *
     * @throws TextSyntaxException with the position of the first offending character
     */
    public static IabMasks parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > CapText.MAX_LENGTH) {
            throw new TextSyntaxException(text, CapText.MAX_LENGTH, "IAB text is "
                    + text.length() + " characters long; at most " + CapText.MAX_LENGTH
                    + " are accepted");
        }
        Cursor cursor = new Cursor(text);
        long inheritable = 0, ambient = 0, blocked = 0;
        while (!cursor.atEnd()) {
            int start = cursor.position();
            boolean block = false, raise = false, inherit = false;
            for (int c = cursor.peek(); c == '!' || c == '^' || c == '%'; c = cursor.peek()) {
                block |= c == '!';
                raise |= c == '^';
                inherit |= c == '%';
                cursor.skip(1);
            }
            if (cursor.atEnd() && cursor.position() > start) {
                throw cursor.errorAt(start, "prefix '" + cursor.since(start) + "' is not "
                        + "followed by a capability: libcap would silently ignore it");
            }
            long bit = 1L << capability(cursor);
            if (!block && !raise) {
                inherit = true;
            }
            inheritable |= inherit || raise ? bit : 0;
            ambient |= raise ? bit : 0;
            blocked |= block ? bit : 0;
            if (cursor.atEnd()) {
                break;
            }
            if (cursor.peek() != ',') {
                throw cursor.expected("expected ',' or the end of the text after a capability");
            }
            cursor.skip(1);
        }
        return new IabMasks(inheritable, ambient, blocked);
    }

    private static int capability(Cursor cursor) {
        int c = cursor.peek();
        if (CapListParser.atAll(cursor)) {
            throw cursor.errorAt(cursor.position(), "'all' is not allowed in IAB text: "
                    + "name each capability");
        }
        if (!CType.isWord(c)) {
            throw cursor.expected("expected a prefix '!', '^' or '%', or " + ITEM);
        }
        return CapListParser.capability(cursor, ITEM);
    }

    /**
     * Formats {@code iab} as cap_iab_to_text would on a kernel whose last capability is
     * {@code lastCap}, then appends any capabilities above it as numbers (libcap drops those).
     */
    public static String format(IabMasks iab, int lastCap) {
        Objects.requireNonNull(iab, "iab");
        CapText.checkLastCap(lastCap);
        long i = iab.inheritable(), a = iab.ambient(), nb = iab.blocked();
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < Long.SIZE; c++) {
            long bit = 1L << c;
            if (((i | a | nb) & bit) == 0) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(',');
            }
            if ((nb & bit) != 0) {
                out.append('!');
            }
            if ((a & bit) != 0) {
                out.append('^');
            } else if ((nb & bit) != 0 && (i & bit) != 0) {
                out.append('%');
            }
            // cap_to_name's rule: a name only up to lastCap; a number beyond, as in cap_to_text.
            out.append(c <= lastCap ? CapabilityNames.name(c) : Integer.toString(c));
        }
        return out.toString();
    }
}
