/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
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
    /** Change the owner and group of any file, not only the caller's own (chown(2)). */
    CHOWN,
    /** Read, write or search any file or directory despite mode and ACLs (exec needs an x bit). */
    DAC_OVERRIDE,
    /** Read any file and list or traverse any directory; use open_by_handle_at(2). */
    DAC_READ_SEARCH,
    /**
     * Act as the owner of any file: chmod(2), set its times, ACLs or inode flags, delete it from a
     * sticky directory.
     */
    FOWNER,
    /** Keep a file's set-id bits when it is modified; set set-gid without being in its group. */
    FSETID,
    /** Send any signal to any process, whoever runs it. */
    KILL,
    /** Set any gids and supplementary groups; forge a gid in SCM_CREDENTIALS; write gid_map. */
    SETGID,
    /** Set any uids (setuid(2) and relatives); forge a uid in SCM_CREDENTIALS; write uid_map. */
    SETUID,
    /**
     * Add any capability of the bounding set to the inheritable set, drop capabilities from the
     * bounding set, and change the securebits.
     */
    SETPCAP,
    /** Set or clear a file's append-only and immutable attributes (chattr +a, +i). */
    LINUX_IMMUTABLE,
    /** Bind a socket to a port below 1024 (ip_unprivileged_port_start). */
    NET_BIND_SERVICE,
    /** Meant for socket broadcasting and multicast listening; the kernel does not check it. */
    NET_BROADCAST,
    /** Configure networking: interfaces, routes, firewall rules, promiscuous mode and more. */
    NET_ADMIN,
    /** Open raw and packet sockets (ping, packet capture); bind any address (transparent proxy). */
    NET_RAW,
    /** Lock memory in RAM beyond RLIMIT_MEMLOCK (mlock(2)) and allocate huge pages. */
    IPC_LOCK,
    /** Use any System V message queue, semaphore set or shared memory despite its mode. */
    IPC_OWNER,
    /** Load and unload kernel modules (init_module(2), delete_module(2)). */
    SYS_MODULE,
    /** Access hardware directly: I/O ports, /dev/mem, /proc/kcore, MSRs, raw SCSI commands. */
    SYS_RAWIO,
    /** Change the root directory (chroot(2)); also needed to join a mount namespace (setns(2)). */
    SYS_CHROOT,
    /** Trace any process with ptrace(2) and read or write its memory (process_vm_readv(2)). */
    SYS_PTRACE,
    /** Switch process accounting on or off (acct(2)). */
    SYS_PACCT,
    /** Administer the system broadly: mount(2), sethostname(2), swapon(2), quotas and more. */
    SYS_ADMIN,
    /** Reboot the machine or load a new kernel to boot (reboot(2), kexec_load(2)). */
    SYS_BOOT,
    /** Raise priorities (lower nice, real-time); set priority or CPU affinity of any process. */
    SYS_NICE,
    /** Go beyond resource limits: raise hard rlimits, exceed quotas and reserved space. */
    SYS_RESOURCE,
    /** Set the system clock and the hardware real-time clock (settimeofday(2), adjtimex(2)). */
    SYS_TIME,
    /** Hang up a terminal with vhangup(2); use privileged virtual console ioctls. */
    SYS_TTY_CONFIG,
    /** Create device special files with mknod(2). */
    MKNOD,
    /** Take a lease (fcntl(2) F_SETLEASE) on a file the process does not own. */
    LEASE,
    /** Append records to the kernel's audit log. */
    AUDIT_WRITE,
    /** Switch kernel auditing on or off and read or change its status and filter rules. */
    AUDIT_CONTROL,
    /** Write file capabilities (setcap); since Linux 5.12, map uid 0 in a new user namespace. */
    SETFCAP,
    /** Bypass mandatory access control checks (e.g. Smack's). */
    MAC_OVERRIDE,
    /** Change mandatory access control settings or state (Smack rules, AppArmor policy). */
    MAC_ADMIN,
    /** Read or clear the kernel log (syslog(2)); see kernel pointers when kptr_restrict is 1. */
    SYSLOG,
    /** Arm timers that wake a suspended system (CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM). */
    WAKE_ALARM,
    /** Keep the system from suspending (epoll(7) EPOLLWAKEUP, wake locks). */
    BLOCK_SUSPEND,
    /** Receive audit records from a multicast netlink socket. */
    AUDIT_READ,
    /** Monitor performance: perf_event_open(2) past perf_event_paranoid, perf-related BPF. */
    PERFMON,
    /** Use privileged bpf(2) operations, e.g. create maps and load most program types. */
    BPF,
    /** Choose a new process's pid (clone3(2) set_tid, ns_last_pid); read others' map_files. */
    CHECKPOINT_RESTORE;

    private static final Capability[] BY_NUMBER = values();

    /** From the internal name table; a test checks it is "cap_" and the constant in lower case. */
    private final String capName = CapabilityNames.name(ordinal());

    /**
     * The kernel's number for this capability ({@code CAP_NET_BIND_SERVICE} is 10).
     *
     * @return the capability number, 0..{@link #lastNamed()}
     */
    public int number() {
        return ordinal();
    }

    /**
     * The libcap name, lower case with the {@code cap_} prefix, e.g. {@code cap_chown}.
     *
     * @return the libcap name
     */
    public String capName() {
        return capName;
    }

    /** Same as {@link #capName()}: the form libcap prints and parses. */
    @Override
    public String toString() {
        return capName;
    }

    /**
     * The named capability with this number, or empty for numbers this library has no name for.
     *
     * @param number a capability number
     * @return the capability, or empty if {@code number} is not 0..{@link #lastNamed()}
     */
    public static Optional<Capability> ofNumber(int number) {
        return number >= 0 && number < BY_NUMBER.length
                ? Optional.of(BY_NUMBER[number])
                : Optional.empty();
    }

    /**
     * The highest number this enum names (40, {@code CAP_CHECKPOINT_RESTORE}).
     *
     * @return the number of the last constant
     */
    public static int lastNamed() {
        return BY_NUMBER.length - 1;
    }

    /**
     * Parses a capability name as libcap writes it, case-insensitively: {@code cap_chown} or
     * {@code CAP_CHOWN}.
     *
     * @param name the capability name, with its {@code cap_} prefix
     * @return the capability of that name
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
