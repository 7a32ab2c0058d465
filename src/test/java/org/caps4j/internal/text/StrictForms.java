/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises, independently of the parser, the texts caps4j refuses on purpose although libcap
 * accepts them: a number with a leading zero (octal to libcap) or a 0x prefix (hexadecimal),
 * and a NUL character (where libcap stops reading).
 */
final class StrictForms {
    /**
     * A '0' that starts a number and is followed by a digit or x. In text libcap accepts, digits
     * only occur in capability lists (names have none, flags are e/i/p), so a '0' not preceded
     * by a word character starts a number.
     */
    private static final Pattern NON_DECIMAL = Pattern.compile("(?<![A-Za-z0-9_])0[0-9xX]");

    private StrictForms() {}

    /**
     * For a text libcap accepted: the position where caps4j must refuse it, or -1 when caps4j
     * must accept it too. libcap reads only up to a NUL, so a strict number after one is never
     * seen by it, and the NUL itself is where caps4j stops.
     */
    static int position(String text) {
        int nul = text.indexOf('\0');
        Matcher number = NON_DECIMAL.matcher(nul >= 0 ? text.substring(0, nul) : text);
        return number.find() ? number.start() : nul;
    }

    /** The words a refusal at {@code position} must use to explain itself. */
    static String reasonFor(String text, int position) {
        return text.charAt(position) == '\0' ? "NUL" : "only plain decimal numbers";
    }
}
