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

    /** The empty set. */
    public static CapabilitySet empty() {
        return EMPTY;
    }

    /** The set holding exactly these capabilities. */
    public static CapabilitySet of(Capability... capabilities) {
        return EMPTY.with(capabilities);
    }

    /** The set holding exactly these capabilities. */
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
     */
    public static CapabilitySet all() {
        return fromMask(Edge.call(KernelUniverse::allMask));
    }

    /** The set whose bit {@code n} is capability number {@code n}; all 64 bits are kept. */
    public static CapabilitySet fromMask(long mask) {
        return mask == 0 ? EMPTY : new CapabilitySet(mask);
    }

    /** The kernel's mask for this set (bit {@code n} = capability number {@code n}). */
    public long mask() {
        return mask;
    }

    public boolean contains(Capability capability) {
        return (mask & bit(capability)) != 0;
    }

    /** Whether capability number {@code number} (0..63, named or not) is in the set. */
    public boolean containsNumber(int number) {
        checkNumber(number);
        return (mask & (1L << number)) != 0;
    }

    public boolean containsAll(CapabilitySet other) {
        return (other.mask & ~mask) == 0;
    }

    public boolean isEmpty() {
        return mask == 0;
    }

    /** How many capabilities, named or not, the set holds. */
    public int size() {
        return Long.bitCount(mask);
    }

    public CapabilitySet with(Capability... capabilities) {
        long result = mask;
        for (Capability capability : capabilities) {
            result |= bit(capability);
        }
        return fromMask(result);
    }

    public CapabilitySet without(Capability... capabilities) {
        long result = mask;
        for (Capability capability : capabilities) {
            result &= ~bit(capability);
        }
        return fromMask(result);
    }

    public CapabilitySet union(CapabilitySet other) {
        return fromMask(mask | other.mask);
    }

    public CapabilitySet intersection(CapabilitySet other) {
        return fromMask(mask & other.mask);
    }

    /** The members of this set that are not in {@code other}. */
    public CapabilitySet minus(CapabilitySet other) {
        return fromMask(mask & ~other.mask);
    }

    /** The numbers of all members, named or not, in ascending order. */
    public IntStream numbers() {
        return IntStream.range(0, Long.SIZE).filter(n -> (mask & (1L << n)) != 0);
    }

    /** The members this library has no name for (numbers above {@link Capability#lastNamed()}). */
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

    /** The named members as a stream, in ascending order of number. */
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
