/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * libcap's {@code cap_from_text(3)} grammar, clause by clause.
 *
 * <p>Text is a sequence of clauses separated by white space (C isspace: space, \t, \n, \v, \f,
 * \r). A clause is a capability list ({@link CapListParser}) followed by actions, or a bare
 * {@code =} with optional flags, which stands for the list {@code all}. The first action is
 * {@code =}, {@code =+}, {@code =-}, {@code +} or {@code -}; later ones in the same clause are
 * {@code +} or {@code -}, and only when a list was written. Flags are the letters {@code e},
 * {@code i}, {@code p} (lower case only), at least one after every operator except a plain
 * {@code =}. Clauses apply left to right to an initially empty state, each touching only the
 * capabilities it lists.
 *
 * <p>Deliberately stricter than libcap 2.66, which otherwise is matched exactly (a differential
 * test runs both on generated and mutated text):
 * <ul>
 * <li>Numbers must be plain decimal. A multi-digit number with a leading zero ({@code 010},
 *     octal 8 to libcap) and a hexadecimal one ({@code 0x3f}, 63 to libcap) are refused: C's
 *     {@code strtoul(..., 0)} reads them silently as a capability the writer probably did not
 *     mean. {@code 0} alone is fine.</li>
 * <li>A NUL character is refused: C would take it as the end of the text and silently ignore
 *     whatever follows it. No rule of the grammar admits it, so it fails where it stands.</li>
 * <li>Text longer than {@link CapText#MAX_LENGTH} characters is refused before parsing
 *     ({@link CapText} checks this).</li>
 * </ul>
 * Errors report the position of the first offending character and what was expected there;
 * libcap only returns NULL with EINVAL.
 */
final class TextParser {
    private final Cursor cursor;
    private final long allMask;
    private final CapsBuilder sets = new CapsBuilder();

    private TextParser(String text, int lastCap) {
        this.cursor = new Cursor(text);
        this.allMask = CapText.universe(lastCap);
    }

    static CapMasks parse(String text, int lastCap) {
        return new TextParser(text, lastCap).clauses();
    }

    private CapMasks clauses() {
        while (true) {
            while (CType.isSpace(cursor.peek())) {
                cursor.skip(1);
            }
            if (cursor.atEnd()) {
                return sets.build();
            }
            clause();
        }
    }

    private void clause() {
        int c = cursor.peek();
        boolean listed = CType.isWord(c);
        long list;
        if (listed) {
            list = CapListParser.parse(cursor, allMask);
        } else if (c == '=') {
            list = allMask; // "=ep" means "all=ep"
        } else if (c == '+' || c == '-') {
            throw cursor.errorAt(cursor.position(), "expected a capability list before '"
                    + (char) c + "': only '=' may stand without one (write all" + (char) c
                    + "... to mean every capability)");
        } else {
            throw cursor.expected("expected a capability name, a number, 'all' or '='");
        }
        Action action = firstAction(listed);
        while (true) {
            int flags = flags();
            if (flags == Flags.NONE && !action.allowsNoFlags()) {
                throw cursor.expected("expected a flag letter e, i or p after '"
                        + action.symbol() + "'" + caseHint());
            }
            action.apply(sets, list, flags);
            c = cursor.peek();
            if (c == Cursor.END || CType.isSpace(c)) {
                return;
            }
            // Only a plain '=' may have no flags, and it cannot be followed by '+' or '-' here
            // (firstAction took those as '=+' / '=-'), so a '+' or '-' here follows flags.
            if (c == '+' || c == '-') {
                requireList(listed);
                action = cursor.next() == '+' ? Action.RAISE : Action.LOWER;
                continue;
            }
            throw cursor.expected(flags != Flags.NONE
                    ? "expected a flag letter e, i or p, another action '+' or '-', "
                            + "or white space" + caseHint()
                    : "expected a flag letter e, i or p, or white space after '='"
                            + caseHint());
        }
    }

    /** The operator after the list: '=', '+', '-', or '=+'/'=-' when a list was written. */
    private Action firstAction(boolean listed) {
        int c = cursor.peek();
        if (c != '=' && c != '+' && c != '-') {
            throw cursor.expected("expected ',' or an action '=', '+' or '-' after the "
                    + "capability list");
        }
        cursor.skip(1);
        if (c == '+') {
            return Action.RAISE;
        }
        if (c == '-') {
            return Action.LOWER;
        }
        int after = cursor.peek();
        if (after != '+' && after != '-') {
            return Action.ASSIGN;
        }
        requireList(listed);
        cursor.skip(1);
        return after == '+' ? Action.ASSIGN_RAISE : Action.ASSIGN_LOWER;
    }

    /** '+' and '-' need a list: libcap refuses "=+e" and "=e-p" although "all+e" is fine. */
    private void requireList(boolean listed) {
        if (!listed) {
            throw cursor.expected("expected a flag letter e, i or p, or white space after '=' "
                    + "('+' and '-' need a capability list, e.g. all=e-p)");
        }
    }

    /** Reads flag letters; repeating one is allowed, as in libcap. */
    private int flags() {
        int flags = Flags.NONE;
        int flag;
        while ((flag = Flags.ofLetter(cursor.peek())) != Flags.NONE) {
            flags |= flag;
            cursor.skip(1);
        }
        return flags;
    }

    private String caseHint() {
        int c = cursor.peek();
        return c == 'E' || c == 'I' || c == 'P' ? " (flags are lower case)" : "";
    }
}
