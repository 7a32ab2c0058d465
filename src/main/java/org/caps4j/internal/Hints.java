/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/** The advice texts of refusals, written once. */
final class Hints {
    private Hints() {}

    /** How to give a program {@code caps} in its permitted set. */
    static String grant(long caps) {
        String names = CapNames.of(caps);
        return "Run as root, or grant it with setcap " + names + "+p <program>, or "
                + "AmbientCapabilities=" + names.toUpperCase(java.util.Locale.ROOT)
                + " in the program's systemd unit";
    }

    /** What to do about threads that did not reach the target. */
    static final String REPAIR = "To repair, apply the same request again (e.g. apply() or the "
            + "same static call): caps4j then plans every thread that differs from that "
            + "thread's own state, which works once the cause is gone (a thread that "
            + "never answered is usually stopped by a debugger or blocked in a signal handler)";
}
