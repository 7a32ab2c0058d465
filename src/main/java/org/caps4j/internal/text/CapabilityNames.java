package org.caps4j.internal.text;

import java.util.Locale;

/**
 * The names of the capabilities caps4j knows, by number as in {@code <linux/capability.h>}:
 * the internal table the text codec and messages use, so that nothing below the public API
 * depends on it. {@code org.caps4j.Capability} declares the same names in the same order (a
 * test checks both against the kernel header).
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

    private CapabilityNames() {}

    /** The highest number with a name (40, cap_checkpoint_restore). */
    public static int lastNamed() {
        return NAMES.length - 1;
    }

    /** {@code cap_chown} for 0; the decimal number for one without a name. */
    public static String name(int number) {
        return number >= 0 && number < NAMES.length ? NAMES[number] : Integer.toString(number);
    }

    /** The number of a name (any case, with the cap_ prefix), or -1. */
    public static int numberOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(lower)) {
                return i;
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
}
