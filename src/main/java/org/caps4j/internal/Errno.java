/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.Map;

/**
 * Symbolic names and texts for the errno values capability operations return (Linux x86-64 and
 * aarch64 share these numbers). Texts match glibc's strerror() so messages read as the tools do.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EACCES = 13;
    public static final int ENOTDIR = 20;
    public static final int E2BIG = 7;
    public static final int EINVAL = 22;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EAGAIN = 11;
    public static final int EADDRINUSE = 98;
    public static final int ETIMEDOUT = 110;

    private record Entry(String name, String text) {}

    private static final Map<Integer, Entry> KNOWN = Map.ofEntries(
            Map.entry(1, new Entry("EPERM", "Operation not permitted")),
            Map.entry(2, new Entry("ENOENT", "No such file or directory")),
            Map.entry(3, new Entry("ESRCH", "No such process")),
            Map.entry(4, new Entry("EINTR", "Interrupted system call")),
            Map.entry(5, new Entry("EIO", "Input/output error")),
            Map.entry(6, new Entry("ENXIO", "No such device or address")),
            Map.entry(7, new Entry("E2BIG", "Argument list too long")),
            Map.entry(8, new Entry("ENOEXEC", "Exec format error")),
            Map.entry(9, new Entry("EBADF", "Bad file descriptor")),
            Map.entry(11, new Entry("EAGAIN", "Resource temporarily unavailable")),
            Map.entry(12, new Entry("ENOMEM", "Cannot allocate memory")),
            Map.entry(13, new Entry("EACCES", "Permission denied")),
            Map.entry(14, new Entry("EFAULT", "Bad address")),
            Map.entry(16, new Entry("EBUSY", "Device or resource busy")),
            Map.entry(17, new Entry("EEXIST", "File exists")),
            Map.entry(19, new Entry("ENODEV", "No such device")),
            Map.entry(20, new Entry("ENOTDIR", "Not a directory")),
            Map.entry(21, new Entry("EISDIR", "Is a directory")),
            Map.entry(22, new Entry("EINVAL", "Invalid argument")),
            Map.entry(23, new Entry("ENFILE", "Too many open files in system")),
            Map.entry(24, new Entry("EMFILE", "Too many open files")),
            Map.entry(26, new Entry("ETXTBSY", "Text file busy")),
            Map.entry(30, new Entry("EROFS", "Read-only file system")),
            Map.entry(32, new Entry("EPIPE", "Broken pipe")),
            Map.entry(34, new Entry("ERANGE", "Numerical result out of range")),
            Map.entry(36, new Entry("ENAMETOOLONG", "File name too long")),
            Map.entry(38, new Entry("ENOSYS", "Function not implemented")),
            Map.entry(40, new Entry("ELOOP", "Too many levels of symbolic links")),
            Map.entry(61, new Entry("ENODATA", "No data available")),
            Map.entry(88, new Entry("ENOTSOCK", "Socket operation on non-socket")),
            Map.entry(91, new Entry("EPROTOTYPE", "Protocol wrong type for socket")),
            Map.entry(92, new Entry("ENOPROTOOPT", "Protocol not available")),
            Map.entry(95, new Entry("EOPNOTSUPP", "Operation not supported")),
            Map.entry(97, new Entry("EAFNOSUPPORT", "Address family not supported by protocol")),
            Map.entry(98, new Entry("EADDRINUSE", "Address already in use")),
            Map.entry(104, new Entry("ECONNRESET", "Connection reset by peer")),
            Map.entry(110, new Entry("ETIMEDOUT", "Connection timed out")),
            Map.entry(116, new Entry("ESTALE", "Stale file handle")),
            Map.entry(131, new Entry("ENOTRECOVERABLE", "State not recoverable")));

    private Errno() {}

    /** {@code EPERM} for 1; {@code errno 123} for values not in the table. */
    public static String name(int errno) {
        Entry entry = KNOWN.get(errno);
        return entry != null ? entry.name() : "errno " + errno;
    }

    /** glibc's strerror() text: {@code No such file or directory}; {@code Unknown error 123}. */
    public static String text(int errno) {
        Entry entry = KNOWN.get(errno);
        return entry != null ? entry.text() : "Unknown error " + errno;
    }

    /** {@code Operation not permitted (EPERM)}: strerror text and symbolic name. */
    public static String describe(int errno) {
        Entry entry = KNOWN.get(errno);
        return entry != null ? entry.text() + " (" + entry.name() + ")" : "errno " + errno;
    }
}
