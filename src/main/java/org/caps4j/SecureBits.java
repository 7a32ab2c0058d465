package org.caps4j;

import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;
import org.caps4j.internal.Failures;
import org.caps4j.internal.Natives;

/**
 * An immutable value of a thread's securebits word. Bits this library has no name for (newer
 * kernels define more) are kept in {@link #bits()} and shown as numbers, never dropped.
 */
public final class SecureBits {
    private final int bits;

    private SecureBits(int bits) {
        this.bits = bits;
    }

    /** The calling thread's securebits (prctl PR_GET_SECUREBITS). */
    public static SecureBits read() {
        return new SecureBits(Failures.check(Natives.shim().readSecurebits(),
                "prctl(PR_GET_SECUREBITS)", "for the calling thread"));
    }

    /** The value with exactly these raw bits. */
    public static SecureBits fromBits(int bits) {
        return new SecureBits(bits);
    }

    /** The raw securebits word, including bits without a {@link SecureBit} name. */
    public int bits() {
        return bits;
    }

    public boolean contains(SecureBit bit) {
        return (bits & bit.mask()) != 0;
    }

    /** The named bits that are set. */
    public Set<SecureBit> named() {
        EnumSet<SecureBit> set = EnumSet.noneOf(SecureBit.class);
        for (SecureBit bit : SecureBit.values()) {
            if (contains(bit)) {
                set.add(bit);
            }
        }
        return set;
    }

    /** Set bits that have no {@link SecureBit} name. */
    public int unnamedBits() {
        int named = 0;
        for (SecureBit bit : SecureBit.values()) {
            named |= bit.mask();
        }
        return bits & ~named;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecureBits that && that.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    /** {@code 0x2f/[NOROOT,NOROOT_LOCKED,...]}: the hex word as capsh prints it, then the names. */
    @Override
    public String toString() {
        StringJoiner names = new StringJoiner(",", "[", "]");
        named().forEach(bit -> names.add(bit.name()));
        int unnamed = unnamedBits();
        for (int bit = 0; bit < Integer.SIZE; bit++) {
            if ((unnamed & (1 << bit)) != 0) {
                names.add("bit" + bit);
            }
        }
        return "0x" + Integer.toHexString(bits) + "/" + names;
    }
}
