package org.caps4j;

import java.util.Optional;
import org.caps4j.internal.text.CapabilityNames;

/**
 * The capabilities Linux defines, numbered as in {@code <linux/capability.h>}.
 *
 * <p>The kernel may know fewer (an older kernel) or more (a newer one) than this enum. The
 * running kernel's range is {@code 0..}{@link Caps4j#kernelLastCap()}; numbers this enum has
 * no name for (41..63) are still carried by {@link CapabilitySet} and written as numbers in text,
 * exactly as libcap does.
 */
public enum Capability {
    CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP,
    LINUX_IMMUTABLE, NET_BIND_SERVICE, NET_BROADCAST, NET_ADMIN, NET_RAW, IPC_LOCK, IPC_OWNER,
    SYS_MODULE, SYS_RAWIO, SYS_CHROOT, SYS_PTRACE, SYS_PACCT, SYS_ADMIN, SYS_BOOT, SYS_NICE,
    SYS_RESOURCE, SYS_TIME, SYS_TTY_CONFIG, MKNOD, LEASE, AUDIT_WRITE, AUDIT_CONTROL, SETFCAP,
    MAC_OVERRIDE, MAC_ADMIN, SYSLOG, WAKE_ALARM, BLOCK_SUSPEND, AUDIT_READ, PERFMON, BPF,
    CHECKPOINT_RESTORE;

    private static final Capability[] BY_NUMBER = values();

    /** From the internal name table; a test checks it is "cap_" and the constant in lower case. */
    private final String capName = CapabilityNames.name(ordinal());

    /** The kernel's number for this capability ({@code CAP_NET_BIND_SERVICE} is 10). */
    public int number() {
        return ordinal();
    }

    /** The libcap name, lower case with the {@code cap_} prefix, e.g. {@code cap_chown}. */
    public String capName() {
        return capName;
    }

    /** Same as {@link #capName()}: the form libcap prints and parses. */
    @Override
    public String toString() {
        return capName;
    }

    /** The named capability with this number, or empty for numbers this library has no name for. */
    public static Optional<Capability> ofNumber(int number) {
        return number >= 0 && number < BY_NUMBER.length
                ? Optional.of(BY_NUMBER[number])
                : Optional.empty();
    }

    /** The highest number this enum names (40, {@code CAP_CHECKPOINT_RESTORE}). */
    public static int lastNamed() {
        return BY_NUMBER.length - 1;
    }

    /**
     * Parses a capability name as libcap writes it, case-insensitively: {@code cap_chown} or
     * {@code CAP_CHOWN}.
     *
     * @throws CapabilityFormatException naming the input if it is not a known capability name
     */
    public static Capability parse(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        // ASCII letters only are folded, as C's tolower() in the C locale: Unicode folding would
        // accept look-alikes such as the Kelvin sign for 'k'.
        int number = CapabilityNames.numberOf(name);
        if (number < 0 || number >= BY_NUMBER.length) {
            throw new CapabilityFormatException(name, 0,
                    "expected a capability name such as cap_chown or CAP_NET_BIND_SERVICE");
        }
        return BY_NUMBER[number];
    }
}
