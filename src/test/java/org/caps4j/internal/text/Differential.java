/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.Optional;
import org.caps4j.testing.LibcapOracle;

/**
 * One comparison of caps4j with libcap, shared by the in-process properties and the child JVMs
 * that run libcap under other universes. Each check returns null when both agree, or a
 * description of the difference.
 */
final class Differential {
    /** How a text was judged: both accept, both refuse, or a documented strict case. */
    enum Verdict { BOTH_ACCEPT, BOTH_REFUSE, STRICT }

    /** Outcome of {@link #compareParse}: the verdict, and a difference or null. */
    record ParseOutcome(Verdict verdict, String difference) {}

    private Differential() {}

    /** null when caps4j formats {@code caps} exactly as cap_to_text does. */
    static String compareFormat(CapMasks caps, int lastCap) {
        String ours = CapText.format(caps, lastCap);
        String theirs = LibcapOracle.toText(PublicValues.caps(caps));
        return ours.equals(theirs) ? null : "format of " + describe(caps)
                + ": caps4j '" + ours + "', libcap '" + theirs + "'";
    }

    static ParseOutcome compareParse(String text, int lastCap) {
        Optional<CapMasks> theirs = LibcapOracle.fromText(text).map(PublicValues::masks);
        CapMasks ours;
        TextSyntaxException refusal = null;
        try {
            ours = CapText.parse(text, lastCap);
        } catch (TextSyntaxException e) {
            ours = null;
            refusal = e;
        }
        String shown = "text " + TextExamples.escape(text);
        if (theirs.isEmpty()) {
            return new ParseOutcome(Verdict.BOTH_REFUSE, ours == null ? null
                    : shown + ": libcap refuses, caps4j accepts " + describe(ours));
        }
        int strictAt = StrictForms.position(text);
        if (strictAt >= 0) {
            String expected = StrictForms.reasonFor(text, strictAt);
            boolean ok = refusal != null && refusal.position() == strictAt
                    && refusal.reason().contains(expected);
            return new ParseOutcome(Verdict.STRICT, ok ? null : shown + ": libcap accepts "
                    + describe(theirs.get()) + "; caps4j must refuse it at "
                    + strictAt + " (" + expected + ") but "
                    + (refusal == null ? "accepted it" : "said: " + refusal.getMessage()));
        }
        if (refusal != null) {
            return new ParseOutcome(Verdict.BOTH_ACCEPT, shown + ": libcap accepts "
                    + describe(theirs.get()) + ", caps4j refuses: "
                    + refusal.getMessage());
        }
        return new ParseOutcome(Verdict.BOTH_ACCEPT, ours.equals(theirs.get()) ? null
                : shown + ": caps4j " + describe(ours) + ", libcap "
                        + describe(theirs.get()));
    }

    private static String describe(CapMasks caps) {
        return LibcapOracle.masks(PublicValues.caps(caps));
    }
}
