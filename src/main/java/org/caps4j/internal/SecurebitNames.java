/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.StringJoiner;

/**
 * The securebits of {@code <linux/securebits.h>} by bit number, for the planner's rules and
 * messages (the public {@code SecureBit} enum declares the same names in the same order).
 */
final class SecurebitNames {
    private static final String[] NAMES = {"NOROOT", "NOROOT_LOCKED", "NO_SETUID_FIXUP",
        "NO_SETUID_FIXUP_LOCKED", "KEEP_CAPS", "KEEP_CAPS_LOCKED", "NO_CAP_AMBIENT_RAISE",
        "NO_CAP_AMBIENT_RAISE_LOCKED"};
    /** Every bit that has a name. */
    static final int NAMED = (1 << NAMES.length) - 1;

    private SecurebitNames() {}

    /** {@code 0x210/[KEEP_CAPS,bit9]}, as {@code SecureBits.toString()} writes it. */
    static String of(int bits) {
        StringJoiner names = new StringJoiner(",", "[", "]");
        for (int bit = 0; bit < Integer.SIZE; bit++) {
            if ((bits & (1 << bit)) != 0) {
                names.add(bit < NAMES.length ? NAMES[bit] : "bit" + bit);
            }
        }
        return "0x" + Integer.toHexString(bits) + "/" + names;
    }
}
