/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.caps4j.Iab;
import org.caps4j.internal.KernelUniverse;
import org.caps4j.testing.LibcapIabOracle;
import org.caps4j.testing.LibcapOracle;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.RequiresLibcap;

/**
 * Tier 2: the IAB codec and {@link Iab#fromProcess()} against libcap 2.66's cap_iab_* functions
 * (libcap.so.2 through FFM) and capsh on this kernel.
 */
@AddLifecycleHook(RequiresLibcap.class)
class IabLibcapTest {
    private static int universe() {
        LibcapOracle.require();
        return LibcapOracle.maxBits() - 1;
    }

    private static long universeMask() {
        return KernelUniverse.maskUpTo(universe());
    }

    /** The binding moves every bit libcap can hold, and libcap's vector rules are as documented. */
    @Example
    void vectorsBehaveAsDocumented() {
        int bits = universe() + 1;
        assertEquals(KernelUniverse.lastCap() + 1, bits);
        for (long mask : new long[] {1, 1L << 40, universeMask(), 0x5555aaaa5555L}) {
            IabMasks iab = IabGen.iab(mask & universeMask(),
                    Long.rotateLeft(mask, 3) & universeMask(), ~mask & universeMask());
            assertEquals(iab, PublicValues.masks(
                    LibcapIabOracle.throughLibcap(PublicValues.iab(iab))));
        }
        // At and above cap_max_bits(): set_vector refuses (-1), get_vector reads 0 even after
        // the parser stored the bit.
        assertEquals(0, LibcapIabOracle.setVectorResult(LibcapIabOracle.BOUND, bits - 1));
        assertEquals(-1, LibcapIabOracle.setVectorResult(LibcapIabOracle.BOUND, bits));
        assertEquals(-1, LibcapIabOracle.setVectorResult(LibcapIabOracle.INH, 63));
        assertEquals(1, LibcapIabOracle.getVectorOfParsed("!" + (bits - 1), 4, bits - 1));
        assertEquals(0, LibcapIabOracle.getVectorOfParsed("!" + bits, 4, bits));
        // Raising A raises I.
        assertEquals(1, LibcapIabOracle.getVectorOfParsed("^cap_kill", LibcapIabOracle.INH, 5));
    }

    @Example
    void libcapBehavesAsTheExampleTableSays() {
        universe();
        List<String> wrong = new ArrayList<>();
        for (IabExamples.Example example : IabExamples.ALL) {
            Optional<String> theirs = LibcapIabOracle.fromText(example.input())
                    .map(LibcapIabOracle::toText);
            if (!theirs.equals(Optional.ofNullable(example.libcap()))) {
                wrong.add(example + ": table says " + example.libcap() + ", libcap "
                        + theirs.orElse("refuses"));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Property(tries = 10000, generation = GenerationMode.RANDOMIZED)
    void formatIsLibcapsIabToText(@ForAll("states") IabMasks iab) {
        String ours = IabText.format(iab, universe());
        String theirs = LibcapIabOracle.toText(PublicValues.iab(iab));
        assertEquals(theirs, ours, iab.inheritable() + "/" + iab.ambient() + "/"
                + iab.blocked());
        assertEquals(theirs, PublicValues.iab(iab).toString());
    }

    /**
     * Same texts accepted and refused, accepted ones with the same vectors (libcap's, read bit
     * by bit, exist only below cap_max_bits(); ours are compared there), and the documented
     * strict forms refused exactly where {@link IabGen#strictPosition} says.
     */
    @Property(tries = 10000, generation = GenerationMode.RANDOMIZED)
    void parseAgreesWithLibcap(@ForAll("texts") String text) {
        Statistics.label("verdict").collect(verdict(text));
        Statistics.label("verdict").coverage(coverage -> {
            coverage.check("both accept").percentage(p -> p > 25);
            coverage.check("both refuse").percentage(p -> p > 25);
            coverage.check("strict").percentage(p -> p > 0.5);
        });
        assertNull(difference(text));
    }

    private static String verdict(String text) {
        if (LibcapIabOracle.fromText(text).isEmpty()) {
            return "both refuse";
        }
        return IabGen.strictPosition(text) >= 0 ? "strict" : "both accept";
    }

    private static String difference(String text) {
        Optional<IabMasks> theirs = LibcapIabOracle.fromText(text).map(PublicValues::masks);
        IabMasks ours = null;
        TextSyntaxException refusal = null;
        try {
            ours = IabText.parse(text);
        } catch (TextSyntaxException e) {
            refusal = e;
        }
        String shown = "text " + TextExamples.escape(text);
        if (theirs.isEmpty()) {
            return ours == null ? null : shown + ": libcap refuses, caps4j accepts "
                    + PublicValues.iab(ours);
        }
        int strictAt = IabGen.strictPosition(text);
        if (strictAt >= 0) {
            String reason = IabGen.strictReason(text, strictAt);
            boolean ok = refusal != null && refusal.position() == strictAt
                    && refusal.reason().contains(reason);
            return ok ? null : shown + ": caps4j must refuse at " + strictAt + " (" + reason
                    + ") but " + (refusal == null ? "accepted it" : refusal.getMessage());
        }
        if (refusal != null) {
            return shown + ": libcap accepts " + PublicValues.iab(theirs.get())
                    + ", caps4j refuses: " + refusal.getMessage();
        }
        long all = universeMask();
        IabMasks visible = IabGen.iab(ours.inheritable() & all, ours.ambient() & all,
                ours.blocked() & all);
        return visible.equals(theirs.get()) ? null : shown + ": caps4j "
                + PublicValues.iab(ours) + ", libcap " + PublicValues.iab(theirs.get());
    }

    @Provide
    Arbitrary<IabMasks> states() {
        return IabGen.within(KernelUniverse.lastCap());
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> syntax = Arbitraries.strings()
                .withChars("cap_hownkilALL0123456789xX,!^% ").ofMaxLength(20);
        return Arbitraries.frequency(net.jqwik.api.Tuple.of(9, "grammar"),
                net.jqwik.api.Tuple.of(1, "chars")).flatMap(kind -> kind.equals("grammar")
                        ? Arbitraries.randomValue(IabGen::text) : syntax);
    }

    /** Iab.fromProcess() reads the same as cap_iab_get_proc in this JVM, and as capsh. */
    @Example
    void fromProcessIsLibcapsAndCapshsView() throws IOException, InterruptedException {
        universe();
        Iab ours = Iab.fromProcess();
        assertEquals(LibcapIabOracle.procText(), ours.toString());
        assertEquals(ours, Iab.parse(LibcapIabOracle.procText()));

        Process capsh = new ProcessBuilder(Privileged.requireTool("capsh").toString(), "--print")
                .redirectErrorStream(true).start();
        String output = new String(capsh.getInputStream().readAllBytes());
        assertEquals(0, capsh.waitFor(), output);
        String line = output.lines().filter(l -> l.startsWith("Current IAB:")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'Current IAB:' line in " + output));
        assertEquals("Current IAB: " + ours, line.stripTrailing());
    }
}
