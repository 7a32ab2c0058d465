/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * libcap's {@code cap_to_text(3)} output, character for character.
 *
 * <p>Every capability of the kernel's universe ({@code 0..lastCap}) has one combination of the
 * three sets. The most frequent combination becomes the leading {@code =} clause; each other
 * combination that occurs gets one clause listing its capabilities in ascending order, with
 * {@code +} for the flags it has beyond the default and {@code -} for those it lacks. Bits above
 * lastCap are not covered by {@code =} (which means 0..lastCap when read back), so they follow
 * as {@code +} clauses only.
 */
final class TextFormatter {
    /** libcap's cap_to_name() for every bit: the name if known, else the decimal number. */
    private static final String[] BIT_TEXT = new String[Long.SIZE];

    static {
        for (int bit = 0; bit < Long.SIZE; bit++) {
            BIT_TEXT[bit] = CapabilityNames.name(bit);
        }
    }

    private final long effective;
    private final long permitted;
    private final long inheritable;

    private TextFormatter(CapMasks caps) {
        this.effective = caps.effective();
        this.permitted = caps.permitted();
        this.inheritable = caps.inheritable();
    }

    static String format(CapMasks caps, int lastCap) {
        return new TextFormatter(caps).format(CapText.universe(lastCap));
    }

    private String format(long universe) {
        int common = mostFrequent(universe);
        // Only capabilities outside the default clause are written, ~16 characters each:
        // sizing for them once avoids regrowing long outputs without inflating short ones.
        int written = Long.bitCount(~(membersWith(common) & universe))
                - Long.bitCount(~(effective | permitted | inheritable) & ~universe);
        StringBuilder out = new StringBuilder(16 + 16 * written)
                .append('=').append(Flags.letters(common));
        int start = 0;
        // libcap visits combinations from 7 (eip) down to 0; the order is part of the output.
        for (int flags = Flags.COMBINATIONS - 1; flags >= 0; flags--) {
            long members = membersWith(flags) & universe;
            if (flags == common || members == 0) {
                continue;
            }
            out.append(' ');
            appendList(out, members);
            int raised = flags & ~common;
            int lowered = common & ~flags;
            if (raised != 0) {
                if (common == Flags.NONE && start == 0) {
                    // "= cap_a+ep" says the same as the shorter "cap_a=ep": drop the "= ".
                    start = 2;
                    out.append('=');
                } else {
                    out.append('+');
                }
                out.append(Flags.letters(raised));
            }
            if (lowered != 0) {
                out.append('-').append(Flags.letters(lowered));
            }
        }
        // Bits the kernel does not know: "=" would not reach them, so only '+' describes them.
        for (int flags = Flags.COMBINATIONS - 1; flags > Flags.NONE; flags--) {
            long members = membersWith(flags) & ~universe;
            if (members != 0) {
                appendList(out.append(' '), members);
                out.append('+').append(Flags.letters(flags));
            }
        }
        return out.substring(start);
    }

    /**
     * The combination shared by the most capabilities of the universe; a tie goes to the smaller
     * number (so an empty default wins ties), as libcap's scan from 7 down with {@code >=} does.
     */
    private int mostFrequent(long universe) {
        int best = Flags.NONE;
        int bestCount = -1;
        for (int flags = Flags.NONE; flags < Flags.COMBINATIONS; flags++) {
            int count = Long.bitCount(membersWith(flags) & universe);
            if (count > bestCount) {
                best = flags;
                bestCount = count;
            }
        }
        return best;
    }

    /** The bits (of all 64) whose combination of sets is exactly {@code flags}. */
    private long membersWith(int flags) {
        return select(flags, Flags.EFFECTIVE, effective)
                & select(flags, Flags.PERMITTED, permitted)
                & select(flags, Flags.INHERITABLE, inheritable);
    }

    private static long select(int flags, int flag, long mask) {
        return (flags & flag) != 0 ? mask : ~mask;
    }

    /** Ascending, comma-separated; libcap's cap_to_name(): a name if known, else the number. */
    private static void appendList(StringBuilder out, long members) {
        String separator = "";
        for (long rest = members; rest != 0; rest &= rest - 1) {
            int bit = Long.numberOfTrailingZeros(rest);
            out.append(separator).append(BIT_TEXT[bit]);
            separator = ",";
        }
    }
}
