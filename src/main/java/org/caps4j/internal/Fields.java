/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a thread's credential state a transaction changes, compares and reads back
 * ({@code enum caps4j_field} in caps4j.h).
 */
public final class Fields {
    public static final int CAPS = 1;
    public static final int BOUNDING = 1 << 1;
    public static final int AMBIENT = 1 << 2;
    public static final int SECUREBITS = 1 << 3;
    public static final int NO_NEW_PRIVS = 1 << 4;
    public static final int UIDS = 1 << 5;
    public static final int GIDS = 1 << 6;
    public static final int GROUPS = 1 << 7;
    /** In read-backs only: a system call that reads a field failed. */
    public static final int READ_FAILED = 1 << 15;

    /** Every field a thread can compare. */
    public static final int ALL = CAPS | BOUNDING | AMBIENT | SECUREBITS | NO_NEW_PRIVS | UIDS
            | GIDS | GROUPS;
    /** What /proc/PID/status does not show (only the thread itself can read it). */
    public static final int HIDDEN_FROM_PROC = SECUREBITS;

    private static final String[] NAMES = {"E/P/I", "bounding", "ambient", "securebits",
        "no_new_privs", "uids", "gids", "groups"};

    private Fields() {}

    /** e.g. {@code E/P/I, ambient}; "a read failed" included when flagged. */
    public static String describe(int fields) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((fields & (1 << bit)) != 0) {
                names.add(NAMES[bit]);
            }
        }
        if ((fields & READ_FAILED) != 0) {
            names.add("(a read-back failed)");
        }
        return String.join(", ", names);
    }
}
