/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Tier 1: the set algebra over one long, including bits the library has no name for. */
class CapabilitySetTest {
    @Test
    void membersAndMask() {
        CapabilitySet set = CapabilitySet.of(Capability.CHOWN, Capability.NET_BIND_SERVICE);
        assertEquals(0x401L, set.mask());
        assertTrue(set.contains(Capability.NET_BIND_SERVICE));
        assertFalse(set.contains(Capability.KILL));
        assertEquals(2, set.size());
        assertEquals(List.of(Capability.CHOWN, Capability.NET_BIND_SERVICE), set.stream().toList());
        assertEquals("cap_chown,cap_net_bind_service", set.toString());
    }

    @Test
    void unnamedBitsAreKeptAndPrintedAsNumbers() {
        CapabilitySet set = CapabilitySet.fromMask((1L << 63) | (1L << 41) | 1L);
        assertEquals(3, set.size());
        assertTrue(set.containsNumber(41) && set.containsNumber(63));
        assertEquals("cap_chown,41,63", set.toString());
        assertEquals(List.of(Capability.CHOWN), set.stream().toList(), "iteration yields named only");
        assertEquals(List.of(0, 41, 63), set.numbers().boxed().toList());
        assertEquals(CapabilitySet.fromMask((1L << 63) | (1L << 41)), set.unnamed());
        assertThrows(IllegalArgumentException.class, () -> set.containsNumber(64));
    }

    @Test
    void allIsTheRunningKernelsRange() {
        int last = Caps4j.kernelLastCap();
        assertEquals(last + 1, CapabilitySet.all().size());
        assertTrue(CapabilitySet.all().containsNumber(last));
        assertTrue(last == 63 || !CapabilitySet.all().containsNumber(last + 1));
    }

    @Test
    void emptyIsEmpty() {
        assertTrue(CapabilitySet.empty().isEmpty());
        assertEquals("", CapabilitySet.empty().toString());
        assertEquals(CapabilitySet.empty(), CapabilitySet.of());
    }

    @Property
    void algebraMatchesBitwiseOperations(@ForAll long a, @ForAll long b) {
        CapabilitySet x = CapabilitySet.fromMask(a);
        CapabilitySet y = CapabilitySet.fromMask(b);
        assertEquals(a | b, x.union(y).mask());
        assertEquals(a & b, x.intersection(y).mask());
        assertEquals(a & ~b, x.minus(y).mask());
        assertEquals(Long.bitCount(a), x.size());
        assertEquals(x.union(y).containsAll(x), true);
        assertEquals((a & ~b) == 0, y.containsAll(x));
        assertEquals(x, CapabilitySet.fromMask(x.numbers().mapToLong(n -> 1L << n).reduce(0, (p, q) -> p | q)));
    }

    @Property
    void withAndWithoutAreInverseForAbsentMembers(@ForAll long mask, @ForAll Capability c) {
        CapabilitySet set = CapabilitySet.fromMask(mask).without(c);
        assertTrue(set.with(c).contains(c));
        assertEquals(set, set.with(c).without(c));
        assertEquals(set.with(c), CapabilitySet.of(c).union(set));
    }
}
