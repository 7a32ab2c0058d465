/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

/**
 * The three per-thread capability sets that capget(2)/capset(2) read and write together.
 *
 * <ul>
 * <li>{@link #EFFECTIVE}: what the kernel checks right now.</li>
 * <li>{@link #PERMITTED}: the limit for the effective set; a capability dropped from it is gone
 *     for good (until an exec grants it again).</li>
 * <li>{@link #INHERITABLE}: what may pass through execve(2), combined with the file's
 *     inheritable set or, for ambient capabilities, required by them.</li>
 * </ul>
 */
public enum Flag {
    /** The effective set: what the kernel checks right now. */
    EFFECTIVE('e'),
    /** The permitted set: the limit for the effective set. */
    PERMITTED('p'),
    /** The inheritable set: what may pass through execve(2). */
    INHERITABLE('i');

    private final char letter;

    Flag(char letter) {
        this.letter = letter;
    }

    /**
     * The letter libcap's text format uses for this set: {@code e}, {@code p} or {@code i}.
     *
     * @return the set's letter
     */
    public char letter() {
        return letter;
    }
}
