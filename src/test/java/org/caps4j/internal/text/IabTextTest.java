/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.caps4j.Capability;
import org.caps4j.CapabilityFormatException;
import org.caps4j.CapabilitySet;
import org.caps4j.Iab;

/**
 * Tier 1: the IAB text codec (masks) and the public value built on it, pure Java, on a kernel
 * with cap_last_cap 40.
 */
class IabTextTest {
    private static final int LAST_CAP = 40;

    @Example
    void examples() {
        List<String> wrong = new ArrayList<>();
        for (IabExamples.Example example : IabExamples.ALL) {
            String input = example.input();
            try {
                String output = IabText.format(IabText.parse(input), LAST_CAP);
                if (!output.equals(example.output())) {
                    wrong.add(example + ": caps4j gives '" + output + "', table says "
                            + (example.output() == null ? "refuse at " + example.errorAt()
                                    : "'" + example.output() + "'"));
                }
            } catch (TextSyntaxException e) {
                boolean ok = example.output() == null && e.position() == example.errorAt()
                        && e.reason().contains(example.reason()) && e.input().equals(input);
                if (!ok) {
                    wrong.add(example + ": caps4j refuses: " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Example
    void errorsCarryInputPositionAndReason() {
        CapabilityFormatException e = assertThrows(CapabilityFormatException.class,
                () -> Iab.parse("cap_chown,!cap_bogus"));
        assertEquals("cap_chown,!cap_bogus", e.input());
        assertEquals(11, e.position());
        assertTrue(e.reason().contains("unknown capability name 'cap_bogus'"), e.reason());
    }

    @Example
    void nullIsNotText() {
        assertThrows(NullPointerException.class, () -> IabText.parse(null));
        assertThrows(NullPointerException.class, () -> IabText.format(null, LAST_CAP));
        assertThrows(IllegalArgumentException.class,
                () -> IabText.format(IabMasks.EMPTY, 64));
    }

    @Example
    void ambientImpliesInheritableInOf() {
        Iab iab = Iab.of(CapabilitySet.empty(), CapabilitySet.of(Capability.NET_RAW),
                CapabilitySet.of(Capability.CHOWN));
        assertEquals(CapabilitySet.of(Capability.NET_RAW), iab.inheritable());
        assertEquals(CapabilitySet.of(Capability.NET_RAW), iab.ambient());
        assertEquals(CapabilitySet.of(Capability.CHOWN), iab.blocked());
        assertEquals(iab, Iab.parse("!cap_chown,^cap_net_raw"));
        assertEquals(iab.hashCode(), Iab.parse("^cap_net_raw,!cap_chown").hashCode());
        assertEquals("", Iab.empty().toString());
        assertEquals(Iab.empty(), Iab.parse(""));
    }

    /** Bits the kernel does not have cannot be made inheritable: refused before any syscall. */
    @Example
    void applyRefusesCapabilitiesAboveTheKernelsLast() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Iab.parse("^63").apply());
        assertTrue(e.getMessage().contains("63") && e.getMessage().contains("last capability"),
                e.getMessage());
    }

    /** Every IAB, also with bits above the kernel's last capability, survives its text. */
    @Property(tries = 3000)
    void roundTrip(@ForAll("iabs") IabMasks iab, @ForAll("lastCaps") int lastCap) {
        assertEquals(iab, IabText.parse(IabText.format(iab, lastCap)));
    }

    /** Any accepted text formats to a canonical form that formats to itself. */
    @Property(tries = 3000)
    void canonicalFormIsAFixpoint(@ForAll("texts") String text) {
        IabMasks parsed;
        try {
            parsed = IabText.parse(text);
        } catch (TextSyntaxException refused) {
            Statistics.label("accepted").collect(false);
            assertTrue(refused.position() >= 0 && refused.position() <= text.length());
            return;
        }
        Statistics.label("accepted").collect(true);
        String canonical = IabText.format(parsed, LAST_CAP);
        assertEquals(parsed, IabText.parse(canonical));
        assertEquals(canonical, IabText.format(IabText.parse(canonical), LAST_CAP));
    }

    /** Iab.of makes every ambient capability inheritable, and so does the parser. */
    @Property(tries = 1000)
    void ambientIsAlwaysInheritable(@ForAll("vectors") IabMasks vectors) {
        Iab iab = PublicValues.iab(vectors);
        assertTrue(iab.inheritable().containsAll(iab.ambient()));
        IabMasks parsed = IabText.parse(IabText.format(vectors, 63));
        assertEquals(parsed.ambient(), parsed.ambient() & parsed.inheritable());
    }

    @Provide
    Arbitrary<IabMasks> iabs() {
        return IabGen.any();
    }

    @Provide
    Arbitrary<IabMasks> vectors() {
        return IabGen.vectors();
    }

    @Provide
    Arbitrary<Integer> lastCaps() {
        return TextArbitraries.lastCaps();
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.randomValue(IabGen::text);
    }
}
