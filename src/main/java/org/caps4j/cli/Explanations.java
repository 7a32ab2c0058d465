/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.caps4j.Capability.*;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.caps4j.Capability;

/**
 * What each capability lets a process do, and for those that amount to root the usual ways
 * there, written for caps4j from the kernel's documented semantics (capabilities(7) and the
 * man pages of the system calls involved). A test checks that every capability has an entry.
 */
final class Explanations {
    /**
     * @param allows what the kernel lets a holder of the capability do
     * @param pathsToRoot common ways from the capability to full root; empty if none is direct
     */
    record Explanation(String allows, List<String> pathsToRoot) {
        boolean amountsToRoot() {
            return !pathsToRoot.isEmpty();
        }
    }

    private static final Map<Capability, Explanation> ALL = new EnumMap<>(Capability.class);

    static {
        put(CHOWN, "Change the owner and group of any file, not only files the caller owns.",
                "Take ownership of /etc/shadow or /etc/passwd, then edit it through the owner's "
                        + "permission bits: set a root password or add a uid 0 account.",
                "Take ownership of root's ~/.ssh or a script root runs, then change it.");
        put(DAC_OVERRIDE, "Ignore file permission bits and ACLs: read and write any file, "
                        + "search any directory; execute a file if any execute bit is set.",
                "Write /etc/shadow, /etc/passwd or /etc/sudoers: add a uid 0 account or a "
                        + "sudo rule.",
                "Add a key to /root/.ssh/authorized_keys, or a job to root's crontab.",
                "Overwrite a program or library that root runs later.");
        put(DAC_READ_SEARCH, "Read any file and list or traverse any directory regardless of "
                        + "permissions; open files by handle with open_by_handle_at(2).",
                "Read /etc/shadow and crack the password hashes, or read private keys, tokens "
                        + "and credentials that unlock root.",
                "open_by_handle_at(2) reaches files outside a chroot or a container's bind "
                        + "mount anywhere on the same filesystem (the 'shocker' escape).");
        put(FOWNER, "Act as the owner of any file: chmod(2), change times, ACLs and inode flags,"
                        + " delete others' files from sticky directories such as /tmp.",
                "chmod a root-owned shell or interpreter to set-uid (e.g. chmod u+s "
                        + "/bin/bash, then bash -p).",
                "Make /etc/shadow, /etc/passwd or /etc/sudoers writable by everyone, then "
                        + "edit it.");
        put(FSETID, "Keep a file's set-user-ID and set-group-ID bits when it is modified; set "
                + "set-group-ID on a file whose group the caller is not in.");
        put(KILL, "Send any signal to any process, whoever runs it.");
        put(SETGID, "Set any real, effective and saved group IDs and supplementary groups; "
                        + "forge a gid in SCM_CREDENTIALS; write a user namespace's gid_map.",
                "Join group 0, or groups such as shadow (read password hashes), disk (raw "
                        + "access to the root filesystem's block device) or docker (start a "
                        + "privileged container), then edit whatever those groups can write.");
        put(SETUID, "Set any real, effective and saved user IDs (setuid(2) and relatives); "
                        + "forge a uid in SCM_CREDENTIALS; write a user namespace's uid_map.",
                "Call setuid(0): the process becomes root, and on its next execve(2) it gets "
                        + "every capability in the bounding set (unless SECBIT_NOROOT is set).");
        put(SETPCAP, "Add any capability in the bounding set to the inheritable set, drop "
                        + "capabilities from the bounding set, and change the securebits.",
                "Raise capabilities such as cap_setuid into the inheritable set; any program "
                        + "whose file capabilities name them as inheritable (setcap ...+i) then"
                        + " starts with them in its permitted set.");
        put(LINUX_IMMUTABLE, "Set or clear a file's append-only and immutable attributes "
                + "(chattr +a, +i).");
        put(NET_BIND_SERVICE, "Bind sockets to ports below 1024 (below "
                + "net.ipv4.ip_unprivileged_port_start).");
        put(NET_BROADCAST, "Meant for socket broadcasting and listening to multicast; the "
                + "kernel does not check it today.");
        put(NET_ADMIN, "Configure networking: interfaces, addresses, routes, firewall and NAT "
                        + "rules, traffic control, promiscuous mode, many socket options.",
                "Redirect or intercept local and remote traffic with firewall and routing "
                        + "rules, then impersonate services or hosts that others trust by "
                        + "address (NFS exports, host-based authentication).",
                "Reach the large netfilter and traffic-control kernel code, the source of many "
                        + "published local privilege-escalation bugs.");
        put(NET_RAW, "Open raw and packet sockets (ping, packet capture) and bind to any "
                + "address for transparent proxying.");
        put(IPC_LOCK, "Lock memory in RAM beyond RLIMIT_MEMLOCK (mlock(2)) and allocate "
                + "huge pages via shared memory.");
        put(IPC_OWNER, "Use any System V message queue, semaphore set or shared memory "
                + "segment regardless of its permissions.");
        put(SYS_MODULE, "Load and unload kernel modules (init_module(2), finit_module(2), "
                        + "delete_module(2)).",
                "Load a module of one's own: its code runs inside the kernel, with no limits "
                        + "at all.");
        put(SYS_RAWIO, "Access hardware directly: I/O ports (iopl(2), ioperm(2)), /dev/mem, "
                        + "/dev/kmem, /proc/kcore, model-specific registers, raw SCSI commands.",
                "Read or write physical or kernel memory through /dev/mem, /dev/kmem or "
                        + "/proc/kcore where the kernel permits it (CONFIG_STRICT_DEVMEM "
                        + "narrows this), e.g. to change a process's credentials.",
                "Program devices through I/O ports or MSRs so they overwrite kernel memory.");
        put(SYS_CHROOT, "Change the root directory with chroot(2); join a mount namespace with "
                + "setns(2).");
        put(SYS_PTRACE, "Trace any process with ptrace(2), and read or write the memory of "
                        + "any process (process_vm_readv(2), process_vm_writev(2)).",
                "Attach to a process running as root and make it run code of one's choice, "
                        + "e.g. by rewriting its registers and memory (Yama's "
                        + "kernel.yama.ptrace_scope=3 forbids this).",
                "Read passwords, keys and tokens out of root processes' memory.");
        put(SYS_PACCT, "Switch process accounting on or off (acct(2)).");
        put(SYS_ADMIN, "Administer the system broadly: mount(2) and umount(2), pivot_root(2), "
                        + "sethostname(2), swapon(2), quotas, namespaces, keyrings, many "
                        + "device ioctls and more. The catch-all capability.",
                "Mount a filesystem image that holds a set-uid root shell, or bind-mount a "
                        + "file of one's own over /etc/passwd, /etc/shadow or /etc/sudoers.",
                "From inside a container with cgroup v1: set a release_agent, which the host "
                        + "kernel runs as root outside the container.",
                "Many kernel interfaces that need it (BPF on older kernels, device ioctls, "
                        + "filesystem administration) reach code that can change any memory.");
        put(SYS_BOOT, "Reboot the machine, and load a new kernel to boot into "
                        + "(reboot(2), kexec_load(2), kexec_file_load(2)).",
                "kexec into a kernel or initramfs of one's own, which then has the machine "
                        + "(unless kexec signature checking or lockdown is enforced).");
        put(SYS_NICE, "Raise priorities (lower nice values, real-time policies); set the "
                + "priority, CPU affinity and memory policy of any process.");
        put(SYS_RESOURCE, "Go beyond resource limits: raise hard rlimits, exceed disk quotas "
                + "and ext4's reserved space, enlarge pipes and message queues.");
        put(SYS_TIME, "Set the system clock and the hardware real-time clock "
                + "(settimeofday(2), clock_settime(2), adjtimex(2)).");
        put(SYS_TTY_CONFIG, "Hang up terminals with vhangup(2); use privileged virtual "
                + "console ioctls.");
        put(MKNOD, "Create device special files with mknod(2).",
                "Create a block device node for the disk that holds the root filesystem, owned"
                        + " by oneself, and edit any file on it through the raw device (a "
                        + "container's device cgroup may forbid opening it).");
        put(LEASE, "Take a file lease (fcntl(2) F_SETLEASE) on a file the caller does not own.");
        put(AUDIT_WRITE, "Write records to the kernel's audit log.");
        put(AUDIT_CONTROL, "Enable and disable kernel auditing, change its filter rules, read "
                + "its status.");
        put(SETFCAP, "Set file capabilities (setcap); since Linux 5.12 also map uid 0 when "
                        + "creating a user namespace.",
                "Give a copy of an interpreter or shell file capabilities such as "
                        + "cap_setuid+ep, run it, and call setuid(0).");
        put(MAC_OVERRIDE, "Bypass mandatory access control checks (Smack).");
        put(MAC_ADMIN, "Change mandatory access control configuration and state (Smack, "
                + "AppArmor policy).");
        put(SYSLOG, "Read and clear the kernel log (syslog(2)); see kernel addresses where "
                + "kernel.kptr_restrict is 1.");
        put(WAKE_ALARM, "Arm timers that wake a suspended system (CLOCK_REALTIME_ALARM, "
                + "CLOCK_BOOTTIME_ALARM).");
        put(BLOCK_SUSPEND, "Keep the system from suspending (EPOLLWAKEUP, wake locks).");
        put(AUDIT_READ, "Read audit records from a multicast netlink socket.");
        put(PERFMON, "Use performance monitoring: perf_event_open(2) beyond "
                + "kernel.perf_event_paranoid, and performance-related BPF.");
        put(BPF, "Use privileged bpf(2) operations: create maps and load most program types.",
                "Together with cap_perfmon (or cap_sys_admin): attach tracing programs that "
                        + "read kernel memory and write into the memory of root processes "
                        + "(bpf_probe_write_user).",
                "Reach the BPF verifier, whose bugs have repeatedly given attackers kernel "
                        + "memory writes.");
        put(CHECKPOINT_RESTORE, "Choose the pid of a new process (clone3(2) set_tid, "
                + "ns_last_pid) and read other processes' /proc/PID/map_files.");
    }

    private Explanations() {}

    private static void put(Capability capability, String allows, String... pathsToRoot) {
        ALL.put(capability, new Explanation(allows, List.of(pathsToRoot)));
    }

    /** The explanation of {@code capability}; every named capability has one. */
    static Explanation of(Capability capability) {
        return ALL.get(capability);
    }
}
