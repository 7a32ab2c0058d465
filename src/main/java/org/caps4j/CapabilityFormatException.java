/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import org.caps4j.internal.text.TextSyntaxException;

/**
 * Text that is not valid capability text. Carries the input, the 0-based position of the first
 * offending character and what was expected there; the message shows all three with a caret
 * under the position.
 */
public class CapabilityFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** Inputs longer than this are shown abbreviated in messages. */
    private static final int SHOWN_INPUT_LIMIT = 200;

    /** The text that was being parsed. */
    private final String input;
    /** The 0-based index into {@link #input()} where parsing failed. */
    private final int position;
    /** What was expected at {@link #position()}. */
    private final String reason;

    /**
     * Creates the exception; its message shows the reason, the input and a caret under the
     * position (inputs over 200 characters are shown abbreviated around it).
     *
     * @param input the text that was being parsed
     * @param position the 0-based index into {@code input} of the first offending character
     * @param reason what was expected at that position
     */
    public CapabilityFormatException(String input, int position, String reason) {
        super(message(input, position, reason));
        this.input = input;
        this.position = position;
        this.reason = reason;
    }

    /**
     * The public form of the text codec's refusal, made at the API edge: the same input,
     * position and reason (so the same message), with the codec's exception as the cause.
     */
    CapabilityFormatException(TextSyntaxException refusal) {
        this(refusal.input(), refusal.position(), refusal.reason());
        initCause(refusal);
    }

    /**
     * The text that was being parsed.
     *
     * @return the whole input, not abbreviated
     */
    public String input() {
        return input;
    }

    /**
     * The 0-based index into {@link #input()} where parsing failed.
     *
     * @return the position of the first offending character
     */
    public int position() {
        return position;
    }

    /**
     * What was expected at {@link #position()}.
     *
     * @return the reason, without the input or position
     */
    public String reason() {
        return reason;
    }

    private static String message(String input, int position, String reason) {
        String shown = input;
        int caret = position;
        if (input.length() > SHOWN_INPUT_LIMIT) {
            int start = Math.max(0, Math.min(position - SHOWN_INPUT_LIMIT / 2,
                    input.length() - SHOWN_INPUT_LIMIT));
            shown = (start > 0 ? "..." : "")
                    + input.substring(start, start + SHOWN_INPUT_LIMIT) + "...";
            caret = position - start + (start > 0 ? 3 : 0);
        }
        return "invalid capability text at position " + position + ": " + reason + "\n  "
                + printable(shown) + "\n  " + " ".repeat(Math.max(0, caret)) + "^";
    }

    /** Control characters would break the caret line; show them as '?'. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
