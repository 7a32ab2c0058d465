/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Tier 1: caps4j against the table of libcap 2.66 behaviour, and the API's own edges. */
class CapTextExamplesTest {
    private static final int KERNEL = 40;

    static Stream<TextExamples.Example> accepted() {
        return TextExamples.ALL.stream().filter(example -> example.output() != null);
    }

    static Stream<TextExamples.Example> refused() {
        return TextExamples.ALL.stream().filter(example -> example.output() == null);
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void formatsWhatItParsesAsLibcapDoes(TextExamples.Example example) {
        assertEquals(example.output(),
                CapText.format(CapText.parse(example.input(), KERNEL), KERNEL));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesAtThePositionOfTheFirstOffendingCharacter(TextExamples.Example example) {
        TextSyntaxException e = assertThrows(TextSyntaxException.class,
                () -> CapText.parse(example.input(), KERNEL));
        assertEquals(example.errorAt(), e.position(), e.getMessage());
        assertTrue(e.reason().contains(example.reason()),
                () -> "reason should contain \"" + example.reason() + "\": " + e.reason());
        assertEquals(example.input(), e.input());
    }

    @Test
    void strictNumberReasonsSayWhatLibcapWouldRead() {
        assertEquals("capability number '010' has a leading zero: only plain decimal numbers"
                + " are accepted, because libcap would read it as octal (8); write 8",
                reason("010+ep"));
        assertEquals("capability number '0x3f' is hexadecimal: only plain decimal numbers are"
                + " accepted, because libcap would read it as hexadecimal (63); write 63",
                reason("0x3f+e"));
    }

    @Test
    void nullIsNotText() {
        assertThrows(NullPointerException.class, () -> CapText.parse(null, KERNEL));
        assertThrows(NullPointerException.class, () -> CapText.format(null, KERNEL));
    }

    @Test
    void textUpTo64KiBIsParsedAndLongerTextIsRefusedUnread() {
        String longest = " ".repeat(CapText.MAX_LENGTH - "cap_chown+e".length()) + "cap_chown+e";
        assertEquals(new CapMasks(1L << CapabilityNames.numberOf("cap_chown"), 0, 0),
                CapText.parse(longest, KERNEL));
        // Valid but one character too long: refused without being read.
        TextSyntaxException e = assertThrows(TextSyntaxException.class,
                () -> CapText.parse(" " + longest, KERNEL));
        assertEquals(CapText.MAX_LENGTH, e.position());
        assertTrue(e.reason().contains("65536"), e.reason());
        // An error past the limit is not reported: the length is.
        e = assertThrows(TextSyntaxException.class,
                () -> CapText.parse("!".repeat(CapText.MAX_LENGTH + 1), KERNEL));
        assertEquals(CapText.MAX_LENGTH, e.position());
    }

    @Test
    void universeMustBeZeroTo63() {
        assertThrows(IllegalArgumentException.class, () -> CapText.parse("=", -1));
        assertThrows(IllegalArgumentException.class, () -> CapText.parse("=", 64));
        assertThrows(IllegalArgumentException.class, () -> CapText.format(CapMasks.EMPTY, 64));
    }

    /** "all" and '=' follow lastCap; names do not (Debian's libcap looks them up in a table). */
    @Test
    void allFollowsTheUniverseNamesDoNot() {
        assertEquals(0xffffffffffL, CapText.parse("all+e", 39).effective());
        assertEquals(-1L, CapText.parse("=e", 63).effective());
        assertEquals(1L, CapText.parse("=e", 0).effective());
        assertEquals(1L << 40, CapText.parse("cap_checkpoint_restore+e", 39).effective());
    }

    /**
     * Text is tied to its universe: '=' and "all" mean 0..lastCap, so the same state prints
     * differently, and the same text grants more, on a kernel that knows more capabilities.
     * (Outputs checked against libcap under a faked cap_last_cap, see LibcapUniversesTest.)
     */
    @Test
    void textFromOneUniverseMeansSomethingElseInAnother() {
        CapMasks everything = CapText.parse("=ep", KERNEL);
        assertEquals("=ep", CapText.format(everything, KERNEL));
        assertEquals("=ep 41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63-ep",
                CapText.format(everything, 63));
        assertEquals("=ep cap_checkpoint_restore+ep", CapText.format(everything, 39));
        assertEquals(-1L, CapText.parse("=ep", 63).permitted());
    }

    private static String reason(String text) {
        return assertThrows(TextSyntaxException.class, () -> CapText.parse(text, KERNEL))
                .reason();
    }
}
