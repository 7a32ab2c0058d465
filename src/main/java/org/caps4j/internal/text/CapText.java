package org.caps4j.internal.text;

import org.caps4j.Caps;

/** libcap's cap_from_text/cap_to_text in pure Java. (Being written: see the text codec work.) */
public final class CapText {
    private CapText() {}

    public static Caps parse(String text, int lastCap) {
        throw new UnsupportedOperationException("not written yet");
    }

    public static String format(Caps caps, int lastCap) {
        throw new UnsupportedOperationException("not written yet");
    }
}
