/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Tier 1: the E/P/I value and its derivations. */
class CapsValueTest {
    private static Caps caps(long e, long p, long i) {
        return Caps.of(CapabilitySet.fromMask(e), CapabilitySet.fromMask(p), CapabilitySet.fromMask(i));
    }

    @Test
    void addAndRemoveTouchOnlyTheNamedSet() {
        Caps caps = Caps.empty()
                .add(Flag.PERMITTED, Capability.NET_RAW, Capability.CHOWN)
                .add(Flag.INHERITABLE, Capability.DAC_READ_SEARCH)
                .remove(Flag.PERMITTED, Capability.CHOWN);
        assertEquals(CapabilitySet.empty(), caps.effective());
        assertEquals(CapabilitySet.of(Capability.NET_RAW), caps.permitted());
        assertEquals(CapabilitySet.of(Capability.DAC_READ_SEARCH), caps.inheritable());
    }

    @Property
    void activateDeactivatePropagate(@ForAll long e, @ForAll long p, @ForAll long i) {
        Caps caps = caps(e, p, i);
        assertEquals(caps(p, p, i), caps.activate());
        assertEquals(caps(0, p, i), caps.deactivate());
        assertEquals(caps(e, p, p), caps.propagate());
        for (Flag flag : Flag.values()) {
            assertEquals(caps, caps.with(flag, caps.get(flag)));
        }
    }

    @Property
    void equalityIsByValue(@ForAll long e, @ForAll long p, @ForAll long i) {
        assertEquals(caps(e, p, i), caps(e, p, i));
        assertEquals(caps(e, p, i).hashCode(), caps(e, p, i).hashCode());
        assertNotEquals(caps(e, p, i), caps(e, p, ~i));
    }

    @Test
    void fromPidRejectsNonPidsBeforeAskingTheKernel() {
        assertThrows(IllegalArgumentException.class, () -> Caps.fromPid(0));
        assertThrows(IllegalArgumentException.class, () -> Caps.fromPid(-1));
        assertThrows(IllegalArgumentException.class, () -> Caps.fromPid(1L << 32));
    }
}
