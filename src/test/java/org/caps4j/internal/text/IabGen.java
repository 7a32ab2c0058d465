/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators for IAB values and text, and the independent recogniser of the strict forms. */
final class IabGen {
    private static final String ALPHABET = ",,,!!^^%%cap_hownkilCAP0123456789xX \t\0";
    private static final String[] BOGUS = {"all", "ALL", "cap_", "chown", "cap_foo", "cap_chown_",
        "64", "99", "18446744073709551616", "-1", "+1", "0x", "cap_chown=e"};
    private static final Pattern NON_DECIMAL = Pattern.compile("(?<![A-Za-z0-9_])0[0-9xX]");
    private static final Pattern DANGLING = Pattern.compile("(?:^|,)([!^%]+)$");

    private IabGen() {}

    /**
     * The IAB with these vectors, every ambient capability made inheritable too: libcap's rule
     * (raising an ambient bit raises the inheritable one), which its parser follows.
     */
    static IabMasks iab(long inheritable, long ambient, long blocked) {
        return new IabMasks(inheritable | ambient, ambient, blocked);
    }

    /** Three independent masks over all 64 bits, ambient not necessarily inheritable. */
    static Arbitrary<IabMasks> vectors() {
        Arbitrary<Long> mask = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.longs()),
                Tuple.of(2, Arbitraries.randomValue(IabGen::sparse)));
        return Combinators.combine(mask, mask, mask).as(IabMasks::new);
    }

    /** Any IAB over all 64 bits: uniform masks mixed with sparse ones. */
    static Arbitrary<IabMasks> any() {
        return vectors().map(v -> iab(v.inheritable(), v.ambient(), v.blocked()));
    }

    /** IABs within the kernel's 0..lastCap, the only bits libcap can hold. */
    static Arbitrary<IabMasks> within(int lastCap) {
        long all = -1L >>> (63 - lastCap);
        return any().map(iab -> iab(iab.inheritable() & all, iab.ambient() & all,
                iab.blocked() & all));
    }

    private static long sparse(Random random) {
        long mask = 0;
        for (int n = random.nextInt(6); n > 0; n--) {
            mask |= 1L << random.nextInt(41);
        }
        return random.nextInt(8) == 0 ? ~mask : mask;
    }

    /** Grammar-generated IAB text, mutated 1..3 times in about 40% of cases. */
    static String text(Random random) {
        StringBuilder out = new StringBuilder();
        int items = random.nextInt(random.nextInt(10) == 0 ? 12 : 5);
        for (int n = 0; n < items; n++) {
            if (n > 0) {
                out.append(',');
            }
            for (int p = random.nextInt(random.nextInt(6) == 0 ? 4 : 2); p > 0; p--) {
                out.append("!^%".charAt(random.nextInt(3)));
            }
            int kind = random.nextInt(100);
            if (kind < 65) {
                out.append(TextGen.randomCase(random,
                        CapabilityNames.name(random.nextInt(41))));
            } else if (kind < 85) {
                out.append(random.nextInt(64));
            } else if (kind < 90) {
                out.append(random.nextBoolean() ? "0" + random.nextInt(80)
                        : "0" + (random.nextBoolean() ? 'x' : 'X')
                                + Integer.toHexString(random.nextInt(72)));
            } else {
                out.append(BOGUS[random.nextInt(BOGUS.length)]);
            }
        }
        if (random.nextInt(10) == 0) {
            out.append(random.nextBoolean() ? "," : "!^%".substring(random.nextInt(3)));
        }
        String text = out.toString();
        if (random.nextInt(10) < 4) {
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                text = mutate(random, text);
            }
        }
        return text;
    }

    private static String mutate(Random random, String text) {
        char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        if (text.isEmpty()) {
            return String.valueOf(c);
        }
        int at = random.nextInt(text.length() + 1);
        int in = random.nextInt(text.length());
        return switch (random.nextInt(5)) {
            case 0 -> text.substring(0, at) + c + text.substring(at);
            case 1 -> text.substring(0, in) + text.substring(in + 1);
            case 2 -> text.substring(0, at);
            case 3 -> text.substring(0, in) + Character.toUpperCase(text.charAt(in))
                    + text.substring(in + 1);
            default -> text.substring(0, in) + c + text.substring(in + 1);
        };
    }

    /**
     * For a text libcap accepted: where caps4j must refuse it, or -1. In order: a number with
     * a leading zero or 0x, a NUL (libcap stops there), prefixes dangling at the end.
     */
    static int strictPosition(String text) {
        int nul = text.indexOf('\0');
        String seen = nul >= 0 ? text.substring(0, nul) : text;
        Matcher number = NON_DECIMAL.matcher(seen);
        if (number.find()) {
            return number.start();
        }
        if (nul >= 0) {
            return nul;
        }
        Matcher dangling = DANGLING.matcher(seen);
        return dangling.find() ? dangling.start(1) : -1;
    }

    /** The words a refusal at {@code position} must use. */
    static String strictReason(String text, int position) {
        char c = text.charAt(position);
        return c == '\0' ? "NUL" : c == '0' ? "only plain decimal" : "not followed by a capability";
    }
}
