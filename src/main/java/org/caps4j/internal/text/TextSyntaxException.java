/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * Text the codec refuses: the input, the 0-based position of the first offending character and
 * what was expected there. The public API turns it into its own format exception, with the same
 * three and this as the cause; {@link Cursor} is the one place in the codec that makes them.
 */
public final class TextSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;
    private final int position;
    private final String reason;

    TextSyntaxException(String input, int position, String reason) {
        super("invalid capability text at position " + position + ": " + reason);
        this.input = input;
        this.position = position;
        this.reason = reason;
    }

    /** The text that was being parsed. */
    public String input() {
        return input;
    }

    /** The 0-based index into {@link #input()} where parsing failed. */
    public int position() {
        return position;
    }

    /** What was expected at {@link #position()}, and what was found. */
    public String reason() {
        return reason;
    }
}
