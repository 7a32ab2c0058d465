/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * The three masks while clauses are applied to them. cap_from_text starts from an empty state
 * and every clause edits only the capabilities it lists, so this is all the state there is.
 */
final class CapsBuilder {
    private long effective;
    private long permitted;
    private long inheritable;

    /** Removes {@code list} from all three sets. */
    void clear(long list) {
        effective &= ~list;
        permitted &= ~list;
        inheritable &= ~list;
    }

    /** Adds {@code list} to the sets named by {@code flags}. */
    void raise(long list, int flags) {
        effective |= pick(flags, Flags.EFFECTIVE, list);
        permitted |= pick(flags, Flags.PERMITTED, list);
        inheritable |= pick(flags, Flags.INHERITABLE, list);
    }

    /** Removes {@code list} from the sets named by {@code flags}. */
    void lower(long list, int flags) {
        effective &= ~pick(flags, Flags.EFFECTIVE, list);
        permitted &= ~pick(flags, Flags.PERMITTED, list);
        inheritable &= ~pick(flags, Flags.INHERITABLE, list);
    }

    CapMasks build() {
        return new CapMasks(effective, permitted, inheritable);
    }

    private static long pick(int flags, int flag, long list) {
        return (flags & flag) != 0 ? list : 0;
    }
}
