/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.Arrays;
import java.util.Map;

/**
 * {@link NativeLoaderCalls} over JNA direct mapping: libc's functions from the process's own
 * symbols (as FFM's default lookup), errno captured by JNA right after each call
 * ({@code throws LastErrorException}), dlopen through {@link NativeLibrary}.
 */
final class JnaLoaderCalls implements NativeLoaderCalls<NativeLibrary> {
    static final JnaLoaderCalls INSTANCE = new JnaLoaderCalls();

    private static final int F_ADD_SEALS = 1024 + 9;
    /**
     * dlopen flags: RTLD_NOW | RTLD_LOCAL, as the JDK's own loader (JNA's default adds
     * RTLD_GLOBAL, which would let this copy's exported caps4j_* symbols interpose on those of
     * another copy of caps4j loaded later into the same process).
     */
    private static final int RTLD_NOW = 2;

    /** The four libc functions, bound once by direct mapping. */
    private static final class Libc {
        static {
            Native.register(Libc.class, NativeLibrary.getProcess());
        }

        // int memfd_create(const char *name, unsigned int flags);
        static native int memfd_create(String name, int flags) throws LastErrorException;

        // ssize_t write(int fd, const void *buf, size_t count);
        static native long write(int fd, byte[] buf, long count) throws LastErrorException;

        // int fcntl(int fd, int cmd, ...);  called only as fcntl(fd, F_ADD_SEALS, int seals).
        // Direct mapping has no varargs; on x86_64 and aarch64 Linux an int passed to a variadic
        // function travels exactly as a fixed one.
        static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

        // int close(int fd);
        static native int close(int fd) throws LastErrorException;
    }

    private JnaLoaderCalls() {}

    @Override
    public int memfdCreate(String name, int flags) {
        try {
            return Libc.memfd_create(name, flags);
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }

    @Override
    public long write(int fd, byte[] bytes, int offset, int length) {
        // An offset only after a short write, which a memfd does not do: copy then.
        byte[] slice = offset == 0 && length == bytes.length ? bytes
                : Arrays.copyOfRange(bytes, offset, offset + length);
        try {
            return Libc.write(fd, slice, length);
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }

    @Override
    public int addSeals(int fd, int seals) {
        try {
            return Libc.fcntl(fd, F_ADD_SEALS, seals) < 0 ? -1 : 0;
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }

    @Override
    public void close(int fd) {
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            // Only on a failure path that already throws: the original error matters more.
        }
    }

    @Override
    public NativeLibrary open(String absolutePath) {
        return NativeLibrary.getInstance(absolutePath,
                Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW));
    }
}
