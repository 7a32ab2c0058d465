package org.caps4j.internal;

import org.caps4j.Capability;

/** Capability masks as libcap names for messages: {@code cap_chown,cap_net_raw}. */
final class CapNames {
    private CapNames() {}

    static String of(long mask) {
        StringBuilder out = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                int number = bit;
                out.append(out.isEmpty() ? "" : ",").append(Capability.ofNumber(bit)
                        .map(Capability::capName).orElseGet(() -> Integer.toString(number)));
            }
        }
        return out.isEmpty() ? "nothing" : out.toString();
    }
}
