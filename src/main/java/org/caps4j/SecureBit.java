package org.caps4j;

/**
 * One bit of the securebits (see {@code <linux/securebits.h>} and capabilities(7)). Each flag
 * has a {@code _LOCKED} partner that, once set, makes the flag immutable.
 */
public enum SecureBit {
    /** Root (uid 0) gets no capabilities for free at execve(2). */
    NOROOT(0),
    NOROOT_LOCKED(1),
    /** Changing uids to and from 0 does not adjust the capability sets. */
    NO_SETUID_FIXUP(2),
    NO_SETUID_FIXUP_LOCKED(3),
    /** Permitted capabilities survive a change of all uids away from 0 (cleared on execve). */
    KEEP_CAPS(4),
    KEEP_CAPS_LOCKED(5),
    /** No capability can be raised into the ambient set. */
    NO_CAP_AMBIENT_RAISE(6),
    NO_CAP_AMBIENT_RAISE_LOCKED(7);

    private final int bit;

    SecureBit(int bit) {
        this.bit = bit;
    }

    /** The bit number in the securebits word. */
    public int bit() {
        return bit;
    }

    /** The mask with only this bit set. */
    public int mask() {
        return 1 << bit;
    }

    /** The flag a {@code _LOCKED} bit protects, or this bit itself if it is a flag. */
    public SecureBit lockedFlag() {
        return isLock() ? values()[ordinal() - 1] : this;
    }

    /** Whether this is one of the {@code _LOCKED} bits. */
    public boolean isLock() {
        return (bit & 1) == 1;
    }
}
