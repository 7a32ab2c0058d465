/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** jqwik generators for the text codec's properties; they shrink, unlike {@link TextGen}. */
final class TextArbitraries {
    /** Every name of the table, in number order. */
    private static final List<String> NAMES = IntStream.rangeClosed(0,
            CapabilityNames.lastNamed()).mapToObj(CapabilityNames::name).toList();

    private TextArbitraries() {}

    /** Any 64-bit masks, mixed with TextGen's biased states (ties, few combinations). */
    static Arbitrary<CapMasks> caps(int lastCap) {
        Arbitrary<CapMasks> uniform = Combinators.combine(Arbitraries.longs(),
                Arbitraries.longs(), Arbitraries.longs()).as(TextGen::masks);
        Arbitrary<CapMasks> biased =
                Arbitraries.randomValue(random -> TextGen.caps(random, lastCap));
        return Arbitraries.frequencyOf(Tuple.of(1, uniform), Tuple.of(2, biased));
    }

    /** The kernel's 40 most of the time, also 39, 63 and anything else in 0..63. */
    static Arbitrary<Integer> lastCaps() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(40)),
                Tuple.of(2, Arbitraries.of(39, 63)),
                Tuple.of(2, Arbitraries.integers().between(0, 63)));
    }

    /** A well-formed clause; names in random case. */
    static Arbitrary<ClauseModel> clause() {
        Arbitrary<String> name = Combinators.combine(Arbitraries.of(NAMES),
                Arbitraries.longs()).as(TextArbitraries::randomCase);
        Arbitrary<String> item = Arbitraries.frequencyOf(
                Tuple.of(6, name),
                Tuple.of(2, Arbitraries.integers().between(0, 63).map(String::valueOf)),
                Tuple.of(1, Arbitraries.longs().map(caseBits -> randomCase("all", caseBits))));
        Arbitrary<List<String>> list = item.list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<String> someFlags = Arbitraries.of('e', 'i', 'p').list().ofMinSize(1)
                .ofMaxSize(3).map(TextArbitraries::join);
        Arbitrary<String> anyFlags = Arbitraries.of('e', 'i', 'p').list().ofMaxSize(3)
                .map(TextArbitraries::join);
        Arbitrary<ClauseModel.Step> first = Arbitraries.oneOf(
                anyFlags.map(flags -> new ClauseModel.Step("=", flags)),
                Combinators.combine(Arbitraries.of("+", "-", "=+", "=-"), someFlags)
                        .as(ClauseModel.Step::new));
        Arbitrary<ClauseModel.Step> next = Combinators.combine(Arbitraries.of("+", "-"),
                someFlags).as(ClauseModel.Step::new);
        Arbitrary<ClauseModel> listed = Combinators.combine(list, first, next.list().ofMaxSize(2))
                .as((items, head, tail) -> {
                    List<ClauseModel.Step> steps = new ArrayList<>();
                    steps.add(head);
                    steps.addAll(tail);
                    return new ClauseModel(items, steps);
                });
        Arbitrary<ClauseModel> bare = anyFlags.map(flags ->
                new ClauseModel(List.of(), List.of(new ClauseModel.Step("=", flags))));
        return Arbitraries.frequencyOf(Tuple.of(6, listed), Tuple.of(1, bare));
    }

    static Arbitrary<List<ClauseModel>> clauses() {
        return clause().list().ofMaxSize(5);
    }

    /** One or more of C's white-space characters. */
    static Arbitrary<String> whiteSpace() {
        return Arbitraries.strings().withChars(" \t\n\u000b\f\r").ofMinLength(1).ofMaxLength(4);
    }

    /** Upper-cases the letters whose bit is set in {@code caseBits}. */
    static String randomCase(String word, long caseBits) {
        StringBuilder out = new StringBuilder(word.length());
        for (int n = 0; n < word.length(); n++) {
            char c = word.charAt(n);
            boolean upper = ((caseBits >>> (n % 64)) & 1) != 0;
            out.append(upper && c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return out.toString();
    }

    private static String join(List<Character> letters) {
        return letters.stream().map(String::valueOf).collect(Collectors.joining());
    }
}
