/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/**
 * Loads a shared library from bytes without ever giving it a path that another process could
 * change: the bytes go into an anonymous memory file (memfd_create(2)) that is sealed against
 * every further change before the dynamic loader opens it as {@code /proc/self/fd/N}. Nothing
 * is written to any file system, so there is no window in which a process of the same uid (or
 * any uid) can swap the file between writing and loading it (issue 9, item 1).
 *
 * <p>There is deliberately no fallback to a temporary file: where memfd_create is refused
 * (seccomp, a kernel before 3.17) the caller reports that and names the override property.
 * The calls themselves come from the backend ({@link NativeLoaderCalls}), so the same sealed
 * load runs under FFM and JNA.
 */
final class MemfdLibrary {
    // <linux/memfd.h>, <linux/fcntl.h>: the same numbers on every Linux architecture.
    private static final int MFD_CLOEXEC = 0x1;
    private static final int MFD_ALLOW_SEALING = 0x2;
    private static final int F_SEAL_SEAL = 0x1;
    private static final int F_SEAL_SHRINK = 0x2;
    private static final int F_SEAL_GROW = 0x4;
    private static final int F_SEAL_WRITE = 0x8;
    private static final int EINTR = 4;

    private MemfdLibrary() {}

    /**
     * Copies {@code library} into a sealed memfd named {@code name} and loads it.
     *
     * @throws UnsatisfiedLinkError naming the failed call and its errno
     */
    static <L> L load(NativeLoaderCalls<L> calls, byte[] library, String name) {
        int fd = sealedCopy(calls, library, name);
        // Once loaded, the fd is never closed. glibc's dlopen first matches already-loaded
        // objects by name: if fd N were closed and another copy of caps4j in this process
        // (another class loader, a shaded copy) later got the same number, its
        // dlopen("/proc/self/fd/N") would silently return this copy's library instead of its own.
        String path = "/proc/self/fd/" + fd;
        try {
            return calls.open(path);
        } catch (UnsatisfiedLinkError e) {
            calls.close(fd); // dlopen failed, so glibc recorded no object under this name
            throw new UnsatisfiedLinkError("dlopen of the sealed memfd " + path
                    + " failed (is /proc mounted?): " + e.getMessage());
        }
    }

    private static <L> int sealedCopy(NativeLoaderCalls<L> calls, byte[] library, String name) {
        int fd = calls.memfdCreate(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (fd < 0) {
            throw failure("memfd_create", -fd);
        }
        try {
            writeAll(calls, fd, library);
            int sealed = calls.addSeals(fd, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
            if (sealed < 0) {
                throw failure("fcntl(F_ADD_SEALS)", -sealed);
            }
            return fd;
        } catch (RuntimeException | Error e) {
            calls.close(fd);
            throw e;
        }
    }

    private static <L> void writeAll(NativeLoaderCalls<L> calls, int fd, byte[] bytes) {
        int done = 0;
        while (done < bytes.length) {
            long written = calls.write(fd, bytes, done, bytes.length - done);
            if (written == -EINTR) {
                continue;
            }
            if (written < 0) {
                throw failure("write to the memfd", (int) -written);
            }
            done += (int) written;
        }
    }

    private static UnsatisfiedLinkError failure(String call, int errno) {
        return new UnsatisfiedLinkError(call + " failed: " + Errno.describe(errno)
                + "; caps4j loads its bundled shim only from a sealed memfd, never from a"
                + " temporary file. Where memfd_create is not allowed (seccomp, old kernel),"
                + " install libcaps4j.so root-owned and name it with -D"
                + NativeLibraryLoader.PATH_PROPERTY + "=FILE");
    }
}
