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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Tier 1 laws of the text codec, with no libcap involved: round trips in several universes,
 * canonical output, clause algebra against {@link ClauseModel}, white space and case.
 */
class CapTextPropertiesTest {
    private static final int KERNEL = 40;

    /**
     * Every state survives format-then-parse in its own universe, all 64 bits of each set: bits
     * above lastCap are written as '+' clauses, which read back onto the empty start state.
     */
    @Property(tries = 3000)
    void parseInvertsFormat(@ForAll("universeAndCaps") UniverseCaps sample) {
        String text = CapText.format(sample.caps(), sample.lastCap());
        assertEquals(sample.caps(), CapText.parse(text, sample.lastCap()), text);
    }

    /** Formatting is canonical: the text of a state reads back to text that formats the same. */
    @Property(tries = 2000)
    void formatIsAFixpoint(@ForAll("universeAndCaps") UniverseCaps sample) {
        String text = CapText.format(sample.caps(), sample.lastCap());
        CapMasks again = CapText.parse(text, sample.lastCap());
        assertEquals(text, CapText.format(again, sample.lastCap()));
    }

    /** Any well-formed text, once parsed, formats to text that parses back to the same state. */
    @Property(tries = 2000)
    void canonicalTextOfParsedTextRoundTrips(@ForAll("clauses") List<ClauseModel> clauses,
            @ForAll("lastCaps") int lastCap) {
        CapMasks parsed = CapText.parse(ClauseModel.render(clauses), lastCap);
        String canonical = CapText.format(parsed, lastCap);
        assertEquals(parsed, CapText.parse(canonical, lastCap), canonical);
    }

    /** A text means what the independent model says its clauses do, applied to nothing. */
    @Property(tries = 3000)
    void clausesDoWhatTheModelSays(@ForAll("clauses") List<ClauseModel> clauses,
            @ForAll("lastCaps") int lastCap) {
        String text = ClauseModel.render(clauses);
        assertEquals(ClauseModel.apply(CapMasks.EMPTY, clauses, lastCap),
                CapText.parse(text, lastCap), text);
    }

    /** parse(a b) is b's clauses applied to parse(a): clauses compose left to right. */
    @Property(tries = 3000)
    void laterClausesApplyToTheEarlierResult(@ForAll("clauses") List<ClauseModel> a,
            @ForAll("clauses") List<ClauseModel> b, @ForAll("lastCaps") int lastCap) {
        CapMasks first = CapText.parse(ClauseModel.render(a), lastCap);
        String both = ClauseModel.render(a) + " " + ClauseModel.render(b);
        assertEquals(ClauseModel.apply(first, b, lastCap), CapText.parse(both, lastCap), both);
    }

    /** Any run of C white space may separate, precede and follow clauses. */
    @Property(tries = 2000)
    void whiteSpaceBetweenClausesDoesNotMatter(@ForAll("clauses") List<ClauseModel> clauses,
            @ForAll("whiteSpace") List<String> gaps) {
        StringBuilder spaced = new StringBuilder(gaps.get(0));
        for (int n = 0; n < clauses.size(); n++) {
            spaced.append(clauses.get(n).render()).append(gaps.get(n + 1));
        }
        assertEquals(CapText.parse(ClauseModel.render(clauses), KERNEL),
                CapText.parse(spaced.toString(), KERNEL), spaced.toString());
    }

    /** Names (and "all") are case-insensitive: the generator already mixes case at random. */
    @Property(tries = 2000)
    void namesIgnoreCase(@ForAll("clauses") List<ClauseModel> clauses) {
        String text = ClauseModel.render(clauses);
        assertEquals(CapText.parse(lowerNames(text), KERNEL), CapText.parse(text, KERNEL), text);
    }

    /** Flags are case-sensitive: upper-casing any one flag letter makes the text invalid there. */
    @Property(tries = 1000)
    void flagsAreLowerCaseOnly(@ForAll("clauses") List<ClauseModel> clauses,
            @ForAll int pick) {
        String text = ClauseModel.render(clauses);
        int[] flagPositions = flagPositions(clauses);
        if (flagPositions.length == 0) {
            return;
        }
        int at = flagPositions[Math.floorMod(pick, flagPositions.length)];
        String wrong = text.substring(0, at) + Character.toUpperCase(text.charAt(at))
                + text.substring(at + 1);
        TextSyntaxException e = assertThrows(TextSyntaxException.class,
                () -> CapText.parse(wrong, KERNEL), wrong);
        assertEquals(at, e.position(), e.getMessage());
    }

    /** Whatever the input, the parser returns or throws TextSyntaxException in range. */
    @Property(tries = 3000)
    void anyTextParsesOrFailsWithAPosition(@ForAll("anyText") String text) {
        try {
            CapText.parse(text, KERNEL);
        } catch (TextSyntaxException e) {
            assertTrue(e.position() >= 0 && e.position() <= text.length(), e.getMessage());
            assertEquals(text, e.input());
        }
    }

    record UniverseCaps(int lastCap, CapMasks caps) {}

    @Provide
    Arbitrary<UniverseCaps> universeAndCaps() {
        return TextArbitraries.lastCaps().flatMap(lastCap ->
                TextArbitraries.caps(lastCap).map(caps -> new UniverseCaps(lastCap, caps)));
    }

    @Provide
    Arbitrary<List<ClauseModel>> clauses() {
        return TextArbitraries.clauses();
    }

    @Provide
    Arbitrary<Integer> lastCaps() {
        return TextArbitraries.lastCaps();
    }

    @Provide
    Arbitrary<List<String>> whiteSpace() {
        return TextArbitraries.whiteSpace().list().ofSize(6);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("cap_hownkilALL0123456789xX,=+-eipEIP \t\u0000")
                        .ofMaxLength(40),
                Arbitraries.randomValue(TextGen::text));
    }

    private static String lowerNames(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }

    /** Where the flag letters of the rendered clauses are (rendering joins clauses by ' '). */
    private static int[] flagPositions(List<ClauseModel> clauses) {
        List<Integer> positions = new ArrayList<>();
        int offset = 0;
        for (ClauseModel clause : clauses) {
            int at = offset + String.join(",", clause.items()).length();
            for (ClauseModel.Step step : clause.steps()) {
                at += step.operator().length();
                for (int n = 0; n < step.flags().length(); n++) {
                    positions.add(at++);
                }
            }
            offset += clause.render().length() + 1;
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }
}
