/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** {@link NativeLoaderCalls} over FFM: libc from the JVM's default lookup, dlopen via SymbolLookup. */
final class FfmLoaderCalls implements NativeLoaderCalls<SymbolLookup> {
    static final FfmLoaderCalls INSTANCE = new FfmLoaderCalls();

    // errno is captured by the downcall itself: a second call to read it could see another
    // call's value (the JVM's own libc calls run on this thread too).
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final int F_ADD_SEALS = 1024 + 9;

    // int memfd_create(const char *name, unsigned int flags);
    private static final MethodHandle memfd_create =
            link("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    // ssize_t write(int fd, const void *buf, size_t count);
    private static final MethodHandle write = link("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    // int fcntl(int fd, int cmd, ...);  called only as fcntl(fd, F_ADD_SEALS, int seals)
    private static final MethodHandle fcntl = link("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    // int close(int fd);
    private static final MethodHandle close =
            link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private FfmLoaderCalls() {}

    @Override
    public int memfdCreate(String name, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) memfd_create.invokeExact(state, arena.allocateFrom(name), flags);
            return fd < 0 ? -errno(state) : fd;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long write(int fd, byte[] bytes, int offset, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment copy = arena.allocate(length);
            MemorySegment.copy(bytes, offset, copy, JAVA_BYTE, 0, length);
            long written = (long) write.invokeExact(state, fd, copy, (long) length);
            return written < 0 ? -errno(state) : written;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int addSeals(int fd, int seals) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int result = (int) fcntl.invokeExact(state, fd, F_ADD_SEALS, seals);
            return result < 0 ? -errno(state) : 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void close(int fd) {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable t) {
            // Only on a failure path that already throws: the original error matters more.
        }
    }

    /**
     * The String overload: the Path overload resolves the link of /proc/self/fd/N to
     * "/memfd:NAME (deleted)", which is not a file the loader can open.
     */
    @Override
    @SuppressWarnings("restricted")
    public SymbolLookup open(String absolutePath) {
        try {
            return SymbolLookup.libraryLookup(absolutePath, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new UnsatisfiedLinkError(e.getMessage());
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static AssertionError unexpected(Throwable t) {
        return new AssertionError("unexpected failure of a libc downcall", t);
    }

    /** A libc function from the JVM's default lookup (glibc exports all four). */
    @SuppressWarnings("restricted")
    private static MethodHandle link(String function, FunctionDescriptor descriptor,
            Linker.Option... options) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find(function).orElseThrow(() ->
                new UnsatisfiedLinkError("the C library has no " + function));
        return linker.downcallHandle(symbol, descriptor, options);
    }
}
