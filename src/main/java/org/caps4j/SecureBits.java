/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;
import org.caps4j.internal.CredentialTransactions;
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

    /**
     * The calling thread's securebits (prctl PR_GET_SECUREBITS).
     *
     * @return the calling thread's securebits word
     */
    public static SecureBits read() {
        return Edge.call(() -> new SecureBits(Failures.check(Natives.shim().readSecurebits(),
                "prctl(PR_GET_SECUREBITS)", "for the calling thread")));
    }

    /**
     * Sets the securebits of every thread of the process to exactly {@code target}, in one
     * verified transaction (every thread reads its securebits back; /proc does not show them).
     * Needs CAP_SETPCAP in the permitted set; if it is not effective it is raised for the
     * change and dropped again at the end.
     *
     * <p>Checked before anything changes, as the kernel would refuse: a flag whose
     * {@code _LOCKED} bit is set cannot change and a {@code _LOCKED} bit cannot be cleared
     * ({@link CapabilityPermissionException}, EPERM). Bits without a {@link SecureBit} name are
     * never changed: a target that differs from the current word in one is refused
     * ({@link IllegalArgumentException}). Setting the current value does nothing.
     *
     * @param target the securebits every thread is to have
     * @throws CapabilityPermissionException without CAP_SETPCAP, or for a locked bit
     * @throws CapabilityException if any thread failed or reads back another value
     */
    public static void set(SecureBits target) {
        Edge.run(() -> CredentialTransactions.setSecurebits("prctl(PR_SET_SECUREBITS)", now -> target.bits,
                false));
    }

    /**
     * Locks the process out of root's privileges for good: adds NOROOT, NOROOT_LOCKED,
     * NO_SETUID_FIXUP and NO_SETUID_FIXUP_LOCKED to the current bits (all others are kept) and
     * sets no_new_privs too, on every thread, in one transaction. Without no_new_privs a locked
     * process could still gain capabilities by executing a file-capability program
     * (CVE-2014-3215). A second call is a no-op. Needs CAP_SETPCAP as {@link #set} does.
     *
     * @throws CapabilityPermissionException without CAP_SETPCAP, or if NOROOT or
     *     NO_SETUID_FIXUP is locked off (nothing changed)
     */
    public static void lock() {
        int lock = SecureBit.NOROOT.mask() | SecureBit.NOROOT_LOCKED.mask()
                | SecureBit.NO_SETUID_FIXUP.mask() | SecureBit.NO_SETUID_FIXUP_LOCKED.mask();
        Edge.run(() -> CredentialTransactions.setSecurebits("SecureBits.lock", now -> now | lock, true));
    }

    /**
     * The value with exactly these raw bits.
     *
     * @param bits the raw securebits word, unnamed bits included
     * @return the value holding {@code bits}
     */
    public static SecureBits fromBits(int bits) {
        return new SecureBits(bits);
    }

    /**
     * The raw securebits word, including bits without a {@link SecureBit} name.
     *
     * @return the raw word
     */
    public int bits() {
        return bits;
    }

    /**
     * Whether {@code bit} is set.
     *
     * @param bit the bit to test
     * @return true if it is set in this word
     */
    public boolean contains(SecureBit bit) {
        return (bits & bit.mask()) != 0;
    }

    /**
     * The named bits that are set.
     *
     * @return the set bits that have a {@link SecureBit} name
     */
    public Set<SecureBit> named() {
        EnumSet<SecureBit> set = EnumSet.noneOf(SecureBit.class);
        for (SecureBit bit : SecureBit.values()) {
            if (contains(bit)) {
                set.add(bit);
            }
        }
        return set;
    }

    /**
     * Set bits that have no {@link SecureBit} name.
     *
     * @return the word with every named bit cleared
     */
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
