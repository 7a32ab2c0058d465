/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * A read position in the text being parsed, and the one place parse errors are made, so every
 * error carries the input, the position of the offending character and what was found there.
 */
final class Cursor {
    /** What {@link #peek()} returns past the last character (C would see its NUL terminator). */
    static final int END = -1;

    private final String text;
    private int position;

    Cursor(String text) {
        this.text = text;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= text.length();
    }

    /** The current character, or {@link #END}. */
    int peek() {
        return peek(position);
    }

    /** The character at {@code index}, or {@link #END}. */
    int peek(int index) {
        return index < text.length() ? text.charAt(index) : END;
    }

    /** The current character; the caller has checked there is one. */
    char next() {
        return text.charAt(position++);
    }

    void skip(int count) {
        position += count;
    }

    /** The whole text, for lookups that compare a range of it in place. */
    String text() {
        return text;
    }

    /** The text from {@code start} up to the current position. */
    String since(int start) {
        return text.substring(start, position);
    }

    /** An error at the current position: {@code expected} plus a description of what is there. */
    TextSyntaxException expected(String expected) {
        return expectedAt(position, expected);
    }

    TextSyntaxException expectedAt(int at, String expected) {
        return errorAt(at, expected + ", found " + describe(at));
    }

    /** An error at {@code at} whose reason is complete as given. */
    TextSyntaxException errorAt(int at, String reason) {
        return new TextSyntaxException(text, at, reason);
    }

    private String describe(int at) {
        int c = peek(at);
        if (c == END) {
            return "the end of the text";
        }
        if (c == 0) {
            return "a NUL character (refused: libcap would silently stop reading there)";
        }
        if (CType.isSpace(c)) {
            return "white space";
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("control character U+%04X", c);
        }
        if (c > 0x7e) {
            return String.format("'%c' (U+%04X, not ASCII)", (char) c, c);
        }
        return "'" + (char) c + "'";
    }
}
