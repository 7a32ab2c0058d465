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

/**
 * Loads a shared library from bytes without ever giving it a path that another process could
 * change: the bytes go into an anonymous memory file (memfd_create(2)) that is sealed against
 * every further change before the dynamic loader opens it as {@code /proc/self/fd/N}. Nothing
 * is written to any file system, so there is no window in which a process of the same uid (or
 * any uid) can swap the file between writing and loading it (issue 9, item 1).
 *
 * <p>There is deliberately no fallback to a temporary file: where memfd_create is refused
 * (seccomp, a kernel before 3.17) the caller reports that and names the override property.
 */
final class MemfdLibrary {
    // <linux/memfd.h>, <linux/fcntl.h>: the same numbers on every Linux architecture.
    private static final int MFD_CLOEXEC = 0x1;
    private static final int MFD_ALLOW_SEALING = 0x2;
    private static final int F_ADD_SEALS = 1024 + 9;
    private static final int F_SEAL_SEAL = 0x1;
    private static final int F_SEAL_SHRINK = 0x2;
    private static final int F_SEAL_GROW = 0x4;
    private static final int F_SEAL_WRITE = 0x8;
    private static final int EINTR = 4;

    // errno is captured by the downcall itself: a second call to read it could see another
    // call's value (the JVM's own libc calls run on this thread too).
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

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

    private MemfdLibrary() {}

    /**
     * Copies {@code library} into a sealed memfd named {@code name} and loads it.
     *
     * @throws UnsatisfiedLinkError naming the failed call and its errno
     */
    static SymbolLookup load(byte[] library, String name) {
        int fd = sealedCopy(library, name);
        // Once loaded, the fd is never closed. glibc's dlopen first matches already-loaded
        // objects by name: if fd N were closed and another copy of caps4j in this process
        // (another class loader, a shaded copy) later got the same number, its
        // dlopen("/proc/self/fd/N") would silently return this copy's library instead of its own.
        try {
            // The String overload: the Path overload resolves the link to "/memfd:NAME
            // (deleted)", which is not a file the loader can open.
            return lookup("/proc/self/fd/" + fd);
        } catch (IllegalArgumentException e) {
            closeQuietly(fd); // dlopen failed, so glibc recorded no object under this name
            throw new UnsatisfiedLinkError("dlopen of the sealed memfd /proc/self/fd/" + fd
                    + " failed (is /proc mounted?): " + e.getMessage());
        }
    }

    private static int sealedCopy(byte[] library, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) memfd_create.invokeExact(state, arena.allocateFrom(name),
                    MFD_CLOEXEC | MFD_ALLOW_SEALING);
            if (fd < 0) {
                throw failure("memfd_create", state);
            }
            try {
                writeAll(fd, arena.allocateFrom(JAVA_BYTE, library), state);
                int seals = F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;
                if ((int) fcntl.invokeExact(state, fd, F_ADD_SEALS, seals) < 0) {
                    throw failure("fcntl(F_ADD_SEALS)", state);
                }
                return fd;
            } catch (Throwable t) {
                closeQuietly(fd);
                throw t;
            }
        } catch (UnsatisfiedLinkError e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("unexpected failure of a libc downcall", t);
        }
    }

    private static void writeAll(int fd, MemorySegment bytes, MemorySegment state)
            throws Throwable {
        long done = 0;
        while (done < bytes.byteSize()) {
            long written = (long) write.invokeExact(state, fd, bytes.asSlice(done),
                    bytes.byteSize() - done);
            if (written < 0) {
                if ((int) ERRNO.get(state, 0L) == EINTR) {
                    continue;
                }
                throw failure("write to the memfd", state);
            }
            done += written;
        }
    }

    private static UnsatisfiedLinkError failure(String call, MemorySegment state) {
        int errno = (int) ERRNO.get(state, 0L);
        return new UnsatisfiedLinkError(call + " failed: " + Errno.describe(errno)
                + "; caps4j loads its bundled shim only from a sealed memfd, never from a"
                + " temporary file. Where memfd_create is not allowed (seccomp, old kernel),"
                + " install libcaps4j.so root-owned and name it with -D"
                + NativeLibraryLoader.PATH_PROPERTY + "=FILE");
    }

    private static void closeQuietly(int fd) {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable t) {
            // Only on a failure path that already throws: the original error matters more.
        }
    }

    @SuppressWarnings("restricted")
    private static SymbolLookup lookup(String name) {
        return SymbolLookup.libraryLookup(name, Arena.global());
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
