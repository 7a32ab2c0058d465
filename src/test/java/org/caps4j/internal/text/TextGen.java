/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random capability states and capability text for the differential tests, from a plain
 * {@link Random} so that a child JVM can generate them without jqwik. States are biased towards
 * what makes cap_to_text interesting (many equal combinations, ties for the most frequent one,
 * unnamed bits 41..63); text comes from the grammar and is then often mutated.
 */
final class TextGen {
    private static final String WHITE = " \t\n\u000b\f\r";
    private static final String[] BOGUS_WORDS = {"cap_foo", "cap_", "chown", "cap_chown_",
        "CAP_CHOWNX", "al", "alll", "_", "cap_chown2", "all_"};
    /** What mutations insert: syntax, flags in both cases, digits, look-alikes, NUL. */
    private static final String ALPHABET = ",,  \t\n\u000b\f\r==++--eipEIPx0019_a!^%"
            + "\u00e9\u212a\u00a0\u0000";

    private TextGen() {}

    /** A state for a universe of {@code 0..lastCap}, from one of several biased strategies. */
    static CapMasks caps(Random random, int lastCap) {
        return switch (random.nextInt(5)) {
            case 0 -> masks(random.nextLong(), random.nextLong(), random.nextLong());
            case 1 -> fromCombinations(palette(random, 64));
            case 2 -> fromCombinations(tie(random, lastCap));
            case 3 -> masks(sparse(random), sparse(random), sparse(random));
            default -> fromCombinations(mostlyOne(random));
        };
    }

    /** Every bit takes one of 1..3 combinations, so few clauses with long lists. */
    private static int[] palette(Random random, int bits) {
        int[] palette = {random.nextInt(8), random.nextInt(8), random.nextInt(8)};
        int size = 1 + random.nextInt(3);
        int[] combos = new int[bits];
        for (int bit = 0; bit < bits; bit++) {
            combos[bit] = palette[random.nextInt(size)];
        }
        return combos;
    }

    /**
     * Two to four combinations share the highest count within 0..lastCap exactly, so the choice
     * of the '=' clause depends on libcap's tie rule; bits above lastCap are random.
     */
    private static int[] tie(Random random, int lastCap) {
        int universe = lastCap + 1;
        int tied = 2 + random.nextInt(3);
        int low = universe / (tied + 1) + 1;
        int high = universe / tied;
        if (low > high) {
            return palette(random, 64);
        }
        int count = low + random.nextInt(high - low + 1);
        List<Integer> combos = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
        Collections.shuffle(combos, random);
        List<Integer> bits = new ArrayList<>();
        for (int bit = 0; bit < universe; bit++) {
            bits.add(bit);
        }
        Collections.shuffle(bits, random);
        int[] result = palette(random, 64);
        int next = 0;
        for (int t = 0; t < tied; t++) {
            for (int n = 0; n < count; n++) {
                result[bits.get(next++)] = combos.get(t);
            }
        }
        // Fewer than `count` bits remain, so no other combination can reach the tie.
        while (next < universe) {
            result[bits.get(next++)] = combos.get(tied + random.nextInt(8 - tied));
        }
        return result;
    }

    /** One combination nearly everywhere, a few exceptions. */
    private static int[] mostlyOne(Random random) {
        int[] combos = new int[64];
        Arrays.fill(combos, random.nextInt(8));
        for (int n = random.nextInt(6); n > 0; n--) {
            combos[random.nextInt(64)] = random.nextInt(8);
        }
        return combos;
    }

    private static long sparse(Random random) {
        long mask = 0;
        for (int n = random.nextInt(4); n > 0; n--) {
            mask |= 1L << random.nextInt(64);
        }
        return mask;
    }

    private static CapMasks fromCombinations(int[] combos) {
        long e = 0;
        long p = 0;
        long i = 0;
        for (int bit = 0; bit < combos.length; bit++) {
            e |= (long) (combos[bit] & Flags.EFFECTIVE) << bit;
            p |= (long) ((combos[bit] & Flags.PERMITTED) >> 1) << bit;
            i |= (long) ((combos[bit] & Flags.INHERITABLE) >> 2) << bit;
        }
        return masks(e, p, i);
    }

    static CapMasks masks(long e, long p, long i) {
        return new CapMasks(e, p, i);
    }

    /** Grammar-generated text, mutated 1..3 times in about 40% of cases. */
    static String text(Random random) {
        String text = grammar(random);
        if (random.nextInt(10) < 4) {
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                text = mutate(random, text);
            }
        }
        return text;
    }

    private static String grammar(Random random) {
        StringBuilder out = new StringBuilder();
        if (random.nextInt(4) == 0) {
            out.append(white(random));
        }
        int clauses = random.nextInt(5);
        for (int n = 0; n < clauses; n++) {
            if (n > 0) {
                out.append(white(random));
            }
            if (random.nextInt(8) == 0) {
                out.append('=').append(flags(random, true));
            } else {
                list(random, out);
                actions(random, out);
            }
        }
        if (random.nextInt(4) == 0) {
            out.append(white(random));
        }
        return out.toString();
    }

    private static void list(Random random, StringBuilder out) {
        int items = 1 + random.nextInt(random.nextInt(10) == 0 ? 6 : 3);
        for (int n = 0; n < items; n++) {
            if (n > 0) {
                out.append(',');
            }
            int kind = random.nextInt(100);
            if (kind < 55) {
                out.append(randomCase(random, CapabilityNames.name(random.nextInt(41))));
            } else if (kind < 75) {
                out.append(random.nextInt(8) == 0 ? 64 + random.nextInt(7) : random.nextInt(64));
            } else if (kind < 85) {
                out.append(randomCase(random, "all"));
            } else if (kind < 90) {
                out.append(random.nextBoolean() ? "0" + random.nextInt(80)
                        : "0" + (random.nextBoolean() ? 'x' : 'X')
                                + Integer.toHexString(random.nextInt(72)));
            } else if (kind < 95) {
                out.append(random.nextInt(20) == 0 ? "18446744073709551616" : "" + random.nextInt(200));
            } else {
                out.append(BOGUS_WORDS[random.nextInt(BOGUS_WORDS.length)]);
            }
        }
    }

    private static void actions(Random random, StringBuilder out) {
        String[] first = {"=", "+", "-", "=+", "=-"};
        String op = first[random.nextInt(first.length)];
        out.append(op).append(flags(random, op.equals("=")));
        for (int n = random.nextInt(3); n > 0; n--) {
            out.append(random.nextBoolean() ? '+' : '-').append(flags(random, false));
        }
    }

    private static String flags(Random random, boolean mayBeEmpty) {
        int length = mayBeEmpty ? random.nextInt(4) : 1 + random.nextInt(3);
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < length; n++) {
            out.append(random.nextInt(20) == 0 ? "EIPx".charAt(random.nextInt(4))
                    : "eip".charAt(random.nextInt(3)));
        }
        return out.toString();
    }

    private static String white(Random random) {
        StringBuilder out = new StringBuilder();
        for (int n = 1 + random.nextInt(random.nextInt(5) == 0 ? 4 : 1); n > 0; n--) {
            out.append(WHITE.charAt(random.nextInt(WHITE.length())));
        }
        return out.toString();
    }

    static String randomCase(Random random, String word) {
        StringBuilder out = new StringBuilder(word.length());
        for (char c : word.toCharArray()) {
            out.append(c >= 'a' && c <= 'z' && random.nextBoolean() ? (char) (c - 32) : c);
        }
        return out.toString();
    }

    private static String mutate(Random random, String text) {
        int at = random.nextInt(text.length() + 1);
        char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        if (text.isEmpty()) {
            return String.valueOf(c);
        }
        int in = random.nextInt(text.length());
        return switch (random.nextInt(6)) {
            case 0 -> text.substring(0, at) + c + text.substring(at);
            case 1 -> text.substring(0, in) + text.substring(in + 1);
            case 2 -> text.substring(0, at);
            case 3 -> text.substring(0, at) + text.substring(in, Math.min(text.length(),
                    in + 1 + random.nextInt(6))) + text.substring(at);
            case 4 -> text.substring(0, in) + flipCase(text.charAt(in)) + text.substring(in + 1);
            default -> text.substring(0, in) + c + text.substring(in + 1);
        };
    }

    private static char flipCase(char c) {
        if (c >= 'a' && c <= 'z') {
            return (char) (c - 32);
        }
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
