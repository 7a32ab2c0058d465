/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

/**
 * One bit of the securebits (see {@code <linux/securebits.h>} and capabilities(7)). Each flag
 * has a {@code _LOCKED} partner that, once set, makes the flag immutable.
 */
public enum SecureBit {
    /** Root (uid 0) gets no capabilities for free at execve(2). */
    NOROOT(0),
    /** Once set, {@link #NOROOT} cannot change and this bit cannot be cleared. */
    NOROOT_LOCKED(1),
    /** Changing uids to and from 0 does not adjust the capability sets. */
    NO_SETUID_FIXUP(2),
    /** Once set, {@link #NO_SETUID_FIXUP} cannot change and this bit cannot be cleared. */
    NO_SETUID_FIXUP_LOCKED(3),
    /** Permitted capabilities survive a change of all uids away from 0 (cleared on execve). */
    KEEP_CAPS(4),
    /** Once set, {@link #KEEP_CAPS} cannot change and this bit cannot be cleared. */
    KEEP_CAPS_LOCKED(5),
    /** No capability can be raised into the ambient set. */
    NO_CAP_AMBIENT_RAISE(6),
    /** Once set, {@link #NO_CAP_AMBIENT_RAISE} cannot change and this bit cannot be cleared. */
    NO_CAP_AMBIENT_RAISE_LOCKED(7);

    private final int bit;

    SecureBit(int bit) {
        this.bit = bit;
    }

    /**
     * The bit number in the securebits word.
     *
     * @return the bit number, 0..7
     */
    public int bit() {
        return bit;
    }

    /**
     * The mask with only this bit set.
     *
     * @return {@code 1 << bit()}
     */
    public int mask() {
        return 1 << bit;
    }

    /**
     * The flag a {@code _LOCKED} bit protects, or this bit itself if it is a flag.
     *
     * @return the flag this bit belongs to
     */
    public SecureBit lockedFlag() {
        return isLock() ? values()[ordinal() - 1] : this;
    }

    /**
     * Whether this is one of the {@code _LOCKED} bits.
     *
     * @return true for a {@code _LOCKED} bit, false for a flag
     */
    public boolean isLock() {
        return (bit & 1) == 1;
    }
}
