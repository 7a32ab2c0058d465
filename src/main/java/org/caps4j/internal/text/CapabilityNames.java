/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.stream.IntStream;

/**
 * The names of the capabilities caps4j knows, by number as in {@code <linux/capability.h>}:
 * the internal table the text codec and messages use, so that nothing below the public API
 * depends on it. The public capability enum takes its names from here, and a test checks this
 * table against the kernel header.
 */
public final class CapabilityNames {
    private static final String[] NAMES = {"cap_chown", "cap_dac_override",
        "cap_dac_read_search", "cap_fowner", "cap_fsetid", "cap_kill", "cap_setgid", "cap_setuid",
        "cap_setpcap", "cap_linux_immutable", "cap_net_bind_service", "cap_net_broadcast",
        "cap_net_admin", "cap_net_raw", "cap_ipc_lock", "cap_ipc_owner", "cap_sys_module",
        "cap_sys_rawio", "cap_sys_chroot", "cap_sys_ptrace", "cap_sys_pacct", "cap_sys_admin",
        "cap_sys_boot", "cap_sys_nice", "cap_sys_resource", "cap_sys_time",
        "cap_sys_tty_config", "cap_mknod", "cap_lease", "cap_audit_write", "cap_audit_control",
        "cap_setfcap", "cap_mac_override", "cap_mac_admin", "cap_syslog", "cap_wake_alarm",
        "cap_block_suspend", "cap_audit_read", "cap_perfmon", "cap_bpf", "cap_checkpoint_restore"};
    /** The numbers of the names of each length, so a lookup compares a handful of candidates. */
    private static final int[][] BY_LENGTH = byLength();

    private CapabilityNames() {}

    /** The highest number with a name (40, cap_checkpoint_restore). */
    public static int lastNamed() {
        return NAMES.length - 1;
    }

    /** {@code cap_chown} for 0; the decimal number for one without a name. */
    public static String name(int number) {
        return number >= 0 && number < NAMES.length ? NAMES[number] : Integer.toString(number);
    }

    /**
     * The number of a name with its cap_ prefix, in any case, or -1. Only ASCII letters are
     * folded, as C's tolower() does in libcap: Unicode folding would accept look-alikes such as
     * the Kelvin sign for 'k'.
     */
    public static int numberOf(String name) {
        return numberOf(name, 0, name.length());
    }

    /** {@link #numberOf(String)} of {@code text[start, end)}, without allocating. */
    static int numberOf(CharSequence text, int start, int end) {
        int length = end - start;
        if (length >= BY_LENGTH.length) {
            return -1;
        }
        for (int number : BY_LENGTH[length]) {
            if (equalsFolded(NAMES[number], text, start)) {
                return number;
            }
        }
        return -1;
    }

    /** {@code cap_chown,cap_net_raw} for a mask; "nothing" for 0. For messages. */
    public static String list(long mask) {
        StringBuilder out = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                out.append(out.isEmpty() ? "" : ",").append(name(bit));
            }
        }
        return out.isEmpty() ? "nothing" : out.toString();
    }

    private static boolean equalsFolded(String lowerName, CharSequence text, int start) {
        for (int i = 0; i < lowerName.length(); i++) {
            if (CType.toLower(text.charAt(start + i)) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int[][] byLength() {
        int longest = 0;
        for (String name : NAMES) {
            longest = Math.max(longest, name.length());
        }
        int[][] table = new int[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            int len = length;
            table[length] = IntStream.range(0, NAMES.length)
                    .filter(number -> NAMES[number].length() == len).toArray();
        }
        return table;
    }
}
