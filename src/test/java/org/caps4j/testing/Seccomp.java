/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;


/**
 * Real kernel failures for failure-path tests: a seccomp filter that makes one system call
 * return an errno on the <em>calling thread only</em> (no {@code SECCOMP_FILTER_FLAG_TSYNC}),
 * every other call allowed. Threads the filtered thread creates later inherit it; a filter can
 * never be removed, so use it in a child JVM or on a thread that ends with the test.
 *
 * <p>Installed with {@code prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &sock_fprog)}. Without
 * no_new_privs the kernel requires CAP_SYS_ADMIN in the thread's effective set (root has it),
 * so the thread's no_new_privs flag is left as it was. Filters stack: each call adds one, and
 * the kernel applies the strictest answer, so several calls fail several system calls.
 */
public final class Seccomp {
    /** System calls the tests make fail, with their numbers on x86_64 and aarch64. */
    public enum Syscall {
        CAPSET(126, 91), PRCTL(157, 167), SETGROUPS(116, 159), SETRESGID(119, 149),
        SETRESUID(117, 147), GETSOCKOPT(55, 209);

        final int x86_64, aarch64;

        Syscall(int x86_64, int aarch64) {
            this.x86_64 = x86_64;
            this.aarch64 = aarch64;
        }
    }

    // prctl options used as a first-argument match (include/uapi/linux/prctl.h)
    public static final int PR_SET_KEEPCAPS = 8, PR_SET_SECUREBITS = 28, PR_CAPBSET_DROP = 24;

    private static final int PR_SET_SECCOMP = 22, SECCOMP_MODE_FILTER = 2;
    private static final int SECCOMP_RET_ALLOW = 0x7fff_0000, SECCOMP_RET_ERRNO = 0x0005_0000;
    // classic BPF opcodes (include/uapi/linux/filter.h) and struct seccomp_data offsets
    private static final short LD_W_ABS = 0x20, JEQ_K = 0x15, RET_K = 0x06;
    // struct seccomp_data: nr, arch, instruction_pointer, then args[6] from offset 16; the
    // low word of a little-endian argument is its first 4 bytes
    private static final int NR = 0, ARCH = 4, ARGS = 16;
    private static final boolean ARM = System.getProperty("os.arch").equals("aarch64");
    private static final int AUDIT_ARCH = ARM ? 0xC000_00B7 : 0xC000_003E;

    // int prctl(int option, ...); called as prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)
    private static final Function prctl = NativeLink.functionWithErrno(null, "prctl");

    private Seccomp() {}

    /** From now on {@code call} fails with {@code errno} on the calling thread. */
    public static void failOnCurrentThread(Syscall call, int errno) {
        install(call, -1, 0, errno);
    }

    /**
     * From now on {@code call} fails with {@code errno} on the calling thread when its first
     * argument's low 32 bits are {@code firstArg} (e.g. {@code PRCTL, PR_CAPBSET_DROP}).
     */
    public static void failOnCurrentThread(Syscall call, int firstArg, int errno) {
        failOnCurrentThread(call, 0, firstArg, errno);
    }

    /**
     * From now on {@code call} fails with {@code errno} on the calling thread when the low 32
     * bits of its argument number {@code argIndex} (0-5) are {@code value} (e.g.
     * {@code GETSOCKOPT}, 2, {@code SO_PEERPIDFD}).
     */
    public static void failOnCurrentThread(Syscall call, int argIndex, int value, int errno) {
        if (argIndex < 0 || argIndex > 5) {
            throw new IllegalArgumentException("argument index " + argIndex);
        }
        install(call, ARGS + 8 * argIndex, value, errno);
    }

    /** argOffset -1: every call of {@code call} fails. */
    private static void install(Syscall call, int argOffset, int argValue, int errno) {
        int nr = ARM ? call.aarch64 : call.x86_64;
        int[][] program = argOffset < 0
                ? new int[][] {
                    {LD_W_ABS, 0, 0, ARCH}, {JEQ_K, 1, 0, AUDIT_ARCH}, allow(),
                    {LD_W_ABS, 0, 0, NR}, {JEQ_K, 0, 1, nr}, fail(errno), allow()}
                : new int[][] {
                    {LD_W_ABS, 0, 0, ARCH}, {JEQ_K, 1, 0, AUDIT_ARCH}, allow(),
                    {LD_W_ABS, 0, 0, NR}, {JEQ_K, 0, 3, nr},
                    {LD_W_ABS, 0, 0, argOffset}, {JEQ_K, 0, 1, argValue}, fail(errno), allow()};
        // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }: 8 bytes each
        // Direct buffers, not JNA Memory: its first use starts a "JNA Cleaner" thread.
        ByteBuffer filter = ByteBuffer.allocateDirect(8 * program.length)
                .order(ByteOrder.nativeOrder());
        for (int i = 0; i < program.length; i++) {
            filter.putShort(8 * i, (short) program[i][0]);
            filter.put(8 * i + 2, (byte) program[i][1]);
            filter.put(8 * i + 3, (byte) program[i][2]);
            filter.putInt(8 * i + 4, program[i][3]);
        }
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
        ByteBuffer fprog = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        fprog.putShort(0, (short) program.length);
        fprog.putLong(8, Pointer.nativeValue(Native.getDirectBufferPointer(filter)));
        try {
            prctl.invokeInt(new Object[] {PR_SET_SECCOMP, (long) SECCOMP_MODE_FILTER, fprog});
        } catch (LastErrorException e) {
            throw new IllegalStateException("prctl(PR_SET_SECCOMP) failed with errno "
                    + e.getErrorCode() + " (needs CAP_SYS_ADMIN effective "
                    + "on this thread, or no_new_privs)");
        }
    }

    private static int[] allow() {
        return new int[] {RET_K, 0, 0, SECCOMP_RET_ALLOW};
    }

    private static int[] fail(int errno) {
        return new int[] {RET_K, 0, 0, SECCOMP_RET_ERRNO | (errno & 0xffff)};
    }
}
