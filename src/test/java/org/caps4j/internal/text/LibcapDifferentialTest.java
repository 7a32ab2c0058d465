/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.caps4j.Caps;
import org.caps4j.internal.KernelUniverse;
import org.caps4j.testing.LibcapOracle;
import org.caps4j.testing.RequiresLibcap;

/**
 * Tier 2: caps4j's text codec against the real libcap 2.66 (libcap.so.2 through FFM) on this
 * kernel. libcap's universe is its cap_max_bits(), probed from the kernel when it loads; ours
 * is the same kernel's cap_last_cap, and the first example checks the two agree.
 */
@AddLifecycleHook(RequiresLibcap.class)
class LibcapDifferentialTest {
    private static int universe() {
        LibcapOracle.require();
        return LibcapOracle.maxBits() - 1;
    }

    /** The oracle is only as good as its binding: it must see this kernel and move all bits. */
    @Example
    void oracleSeesTheKernelAndCarriesAll64Bits() {
        assertEquals(KernelUniverse.lastCap(), universe(),
                "libcap's cap_max_bits() - 1 and /proc/sys/kernel/cap_last_cap");
        assertEquals(CapMasks.EMPTY, PublicValues.masks(LibcapOracle.initial()));
        for (long bits : new long[] {1, 1L << 40, 1L << 41, 1L << 63, -1L, 0x5555aaaa5555aaaaL}) {
            CapMasks caps = TextGen.masks(bits, ~bits, Long.rotateLeft(bits, 7));
            assertEquals(caps, PublicValues.masks(
                    LibcapOracle.throughLibcap(PublicValues.caps(caps))));
        }
    }

    /** The public API reads the kernel's universe correctly and delegates to the codec. */
    @Example
    void capsParseAndToStringMatchLibcapOnThisKernel() {
        universe();
        for (String text : List.of("=ep", "all=p+ie-e", "cap_chown,cap_kill=ep 41+i",
                "=eip cap_setpcap-e", "all+e 63+p")) {
            assertEquals(LibcapOracle.toText(LibcapOracle.fromText(text).orElseThrow()),
                    Caps.parse(text).toString(), text);
        }
    }

    @Property(tries = 2000)
    void externalFormatCarriesEveryState(@ForAll("states") CapMasks caps) {
        universe();
        assertEquals(caps, PublicValues.masks(LibcapOracle.throughLibcap(PublicValues.caps(caps))));
    }

    /** Every expectation of the example table is what libcap really does. */
    @Example
    void libcapBehavesAsTheExampleTableSays() {
        universe();
        List<String> wrong = new ArrayList<>();
        for (TextExamples.Example example : TextExamples.ALL) {
            Optional<String> theirs = LibcapOracle.fromText(example.input())
                    .map(LibcapOracle::toText);
            if (!theirs.equals(Optional.ofNullable(example.libcap()))) {
                wrong.add(example + ": table says " + example.libcap() + ", libcap "
                        + theirs.orElse("refuses"));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Property(tries = 10000, generation = GenerationMode.RANDOMIZED)
    void formatIsLibcapsCapToText(@ForAll("states") CapMasks caps) {
        assertNull(Differential.compareFormat(caps, universe()));
    }

    /**
     * The same texts are accepted and refused, and accepted ones mean the same masks; where
     * libcap accepts a leading-zero or hexadecimal number or stops at a NUL, caps4j must refuse
     * at exactly that character.
     */
    @Property(tries = 10000, generation = GenerationMode.RANDOMIZED)
    void parseAgreesWithLibcap(@ForAll("texts") String text) {
        Differential.ParseOutcome outcome = Differential.compareParse(text, universe());
        Statistics.label("verdict").collect(outcome.verdict());
        Statistics.label("verdict").coverage(coverage -> {
            coverage.check(Differential.Verdict.BOTH_ACCEPT).percentage(p -> p > 25);
            coverage.check(Differential.Verdict.BOTH_REFUSE).percentage(p -> p > 25);
            coverage.check(Differential.Verdict.STRICT).percentage(p -> p > 0.5);
        });
        assertNull(outcome.difference());
    }

    @Provide
    Arbitrary<CapMasks> states() {
        return TextArbitraries.caps(KernelUniverse.lastCap());
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> syntax = Arbitraries.strings()
                .withChars("cap_hownkilALL0123456789xX,=+-eipEIP \t\u000b")
                .ofMaxLength(30);
        return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.randomValue(TextGen::text)),
                Tuple.of(1, syntax));
    }

    @Example
    void strictRecogniserFiresOnlyOnTheStrictExamples() {
        // The strict recogniser must fire on the documented cases and nowhere else in the table.
        for (TextExamples.Example example : TextExamples.ALL) {
            if (example.strict()) {
                assertEquals(example.errorAt(), StrictForms.position(example.input()),
                        example.toString());
            } else if (example.output() != null) {
                assertTrue(StrictForms.position(example.input()) < 0, example.toString());
            }
        }
    }
}
