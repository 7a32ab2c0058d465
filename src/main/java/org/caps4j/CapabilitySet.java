/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.StringJoiner;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.caps4j.internal.KernelUniverse;

/**
 * An immutable set of capabilities: one 64-bit mask, bit {@code n} for capability number
 * {@code n}, the layout the kernel uses.
 *
 * <p>All 64 bits are kept, including numbers {@link Capability} has no name for (41..63): a
 * capability the kernel knows but this library does not is never silently dropped. Iterating
 * yields the named capabilities; {@link #numbers()} yields every member.
 */
public final class CapabilitySet implements Iterable<Capability> {
    private static final CapabilitySet EMPTY = new CapabilitySet(0L);

    private final long mask;

    private CapabilitySet(long mask) {
        this.mask = mask;
    }

    /**
     * The empty set.
     *
     * @return the set with no members
     */
    public static CapabilitySet empty() {
        return EMPTY;
    }

    /**
     * The set holding exactly these capabilities.
     *
     * @param capabilities the members; repeats are allowed
     * @return the set of {@code capabilities}
     */
    public static CapabilitySet of(Capability... capabilities) {
        return EMPTY.with(capabilities);
    }

    /**
     * The set holding exactly these capabilities.
     *
     * @param capabilities the members; repeats are allowed
     * @return the set of {@code capabilities}
     */
    public static CapabilitySet of(Collection<Capability> capabilities) {
        long mask = 0;
        for (Capability capability : capabilities) {
            mask |= bit(capability);
        }
        return fromMask(mask);
    }

    /**
     * Every capability the running kernel knows: numbers {@code 0..}{@link Caps4j#kernelLastCap()}
     * (read from {@code /proc/sys/kernel/cap_last_cap}). This is what libcap means by "all".
     *
     * @return the set of every capability of the running kernel
     */
    public static CapabilitySet all() {
        return fromMask(Edge.call(KernelUniverse::allMask));
    }

    /**
     * The set whose bit {@code n} is capability number {@code n}; all 64 bits are kept.
     *
     * @param mask the members as a kernel capability mask
     * @return the set of the bits of {@code mask}
     */
    public static CapabilitySet fromMask(long mask) {
        return mask == 0 ? EMPTY : new CapabilitySet(mask);
    }

    /**
     * The kernel's mask for this set (bit {@code n} = capability number {@code n}).
     *
     * @return the 64-bit mask, unnamed members included
     */
    public long mask() {
        return mask;
    }

    /**
     * Whether {@code capability} is in the set.
     *
     * @param capability the capability to look for
     * @return true if it is a member
     */
    public boolean contains(Capability capability) {
        return (mask & bit(capability)) != 0;
    }

    /**
     * Whether capability number {@code number} (0..63, named or not) is in the set.
     *
     * @param number the capability number to look for
     * @return true if it is a member
     */
    public boolean containsNumber(int number) {
        checkNumber(number);
        return (mask & (1L << number)) != 0;
    }

    /**
     * Whether every member of {@code other}, named or not, is in this set.
     *
     * @param other the set to test
     * @return true if {@code other} is a subset of this set
     */
    public boolean containsAll(CapabilitySet other) {
        return (other.mask & ~mask) == 0;
    }

    /**
     * Whether the set has no members, named or not.
     *
     * @return true if the mask is 0
     */
    public boolean isEmpty() {
        return mask == 0;
    }

    /**
     * How many capabilities, named or not, the set holds.
     *
     * @return the number of members, 0..64
     */
    public int size() {
        return Long.bitCount(mask);
    }

    /**
     * This set with {@code capabilities} added.
     *
     * @param capabilities the capabilities to add
     * @return the union of this set and {@code capabilities}
     */
    public CapabilitySet with(Capability... capabilities) {
        long result = mask;
        for (Capability capability : capabilities) {
            result |= bit(capability);
        }
        return fromMask(result);
    }

    /**
     * This set with {@code capabilities} removed; those not in it are ignored.
     *
     * @param capabilities the capabilities to remove
     * @return the members of this set that are not in {@code capabilities}
     */
    public CapabilitySet without(Capability... capabilities) {
        long result = mask;
        for (Capability capability : capabilities) {
            result &= ~bit(capability);
        }
        return fromMask(result);
    }

    /**
     * The members of this set or of {@code other}.
     *
     * @param other the set to join with this one
     * @return the union of both sets
     */
    public CapabilitySet union(CapabilitySet other) {
        return fromMask(mask | other.mask);
    }

    /**
     * The members of this set that are also in {@code other}.
     *
     * @param other the set to intersect with this one
     * @return the intersection of both sets
     */
    public CapabilitySet intersection(CapabilitySet other) {
        return fromMask(mask & other.mask);
    }

    /**
     * The members of this set that are not in {@code other}.
     *
     * @param other the set whose members are removed
     * @return the difference of this set and {@code other}
     */
    public CapabilitySet minus(CapabilitySet other) {
        return fromMask(mask & ~other.mask);
    }

    /**
     * The numbers of all members, named or not, in ascending order.
     *
     * @return a stream of capability numbers, 0..63
     */
    public IntStream numbers() {
        return IntStream.range(0, Long.SIZE).filter(n -> (mask & (1L << n)) != 0);
    }

    /**
     * The members this library has no name for (numbers above {@link Capability#lastNamed()}).
     *
     * @return the set of unnamed members, empty if there are none
     */
    public CapabilitySet unnamed() {
        return fromMask(mask & ~namedMask());
    }

    /** The named members in ascending order of number; unnamed bits are skipped (see {@link #numbers()}). */
    @Override
    public Iterator<Capability> iterator() {
        return new Iterator<>() {
            private long remaining = mask & namedMask();

            @Override
            public boolean hasNext() {
                return remaining != 0;
            }

            @Override
            public Capability next() {
                if (remaining == 0) {
                    throw new NoSuchElementException();
                }
                int number = Long.numberOfTrailingZeros(remaining);
                remaining &= remaining - 1;
                return Capability.ofNumber(number).orElseThrow();
            }
        };
    }

    /**
     * The named members as a stream, in ascending order of number.
     *
     * @return a stream of the named members
     */
    public Stream<Capability> stream() {
        return StreamSupport.stream(spliterator(), false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CapabilitySet set && set.mask == mask;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(mask);
    }

    /**
     * The members as libcap writes a capability list, ascending by number, unnamed ones as
     * numbers: {@code cap_chown,cap_net_bind_service,41}. The empty set is the empty string.
     */
    @Override
    public String toString() {
        StringJoiner joined = new StringJoiner(",");
        numbers().forEach(n -> joined.add(Capability.ofNumber(n).map(Capability::capName)
                .orElse(Integer.toString(n))));
        return joined.toString();
    }

    private static long namedMask() {
        return -1L >>> (Long.SIZE - 1 - Capability.lastNamed());
    }

    private static long bit(Capability capability) {
        return 1L << capability.number();
    }

    private static void checkNumber(int number) {
        if (number < 0 || number >= Long.SIZE) {
            throw new IllegalArgumentException(
                    "capability number " + number + " is outside 0..63");
        }
    }
}
