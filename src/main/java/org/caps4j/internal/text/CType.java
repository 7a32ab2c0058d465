/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * The character classes of C's {@code <ctype.h>} in the "C" locale, which is what libcap's
 * parser consults. Java's {@link Character} methods know Unicode and would accept more: U+00A0
 * or U+2028 as white space, 'é' as a letter, the Kelvin sign as a 'k' when folding case.
 */
final class CType {
    private CType() {}

    /** isspace(): space, \t, \n, \v, \f and \r, nothing else. */
    static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** The characters a capability name or number is made of, and that may start a list. */
    static boolean isWord(int c) {
        return isAlpha(c) || isDigit(c) || c == '_';
    }

    /** tolower(): folds A-Z only. */
    static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
