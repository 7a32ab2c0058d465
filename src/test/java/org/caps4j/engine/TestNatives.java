package org.caps4j.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.caps4j.testing.TestC;

/**
 * The broadcast tests' native helpers: compiling {@code src/test/c} at test time (parent side)
 * and the few libc calls their child mains make through FFM (glibc's all-threads
 * {@code setresuid}, {@code prctl}, the test library's thread starters).
 */
final class TestNatives {
    private static final Linker LINKER = Linker.nativeLinker();

    private TestNatives() {}

    /** Compiles {@code src/test/c/NAME.c} into {@code dir} (a .so when {@code shared}). */
    static Path compile(String name, Path dir, boolean shared) {
        return TestC.compile(name, dir.resolve(shared ? "lib" + name + ".so" : name)
                .toAbsolutePath(), shared, "-Wextra", "-Werror");
    }

    /** This thread's tid, from the {@code /proc/thread-self} link ({@code <pid>/task/<tid>}). */
    static int tid() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** glibc's setresuid: changes the ids of every thread by its own signal-33 broadcast. */
    static int glibcSetresuid(int real, int effective, int saved) {
        try {
            return (int) link(LINKER.defaultLookup(), "setresuid",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT))
                    .invokeExact(real, effective, saved);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code prctl(option, arg2, pointer)} on the calling thread only. */
    static int prctl(int option, long arg2, MemorySegment pointer) {
        try {
            MethodHandle prctl = link(LINKER.defaultLookup(), "prctl",
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
                    Linker.Option.firstVariadicArg(1));
            return (int) prctl.invokeExact(option, arg2, pointer);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Calls {@code int32_t name(void)} of a library loaded with {@link System#load}. */
    static int callInt(String name) {
        try {
            return (int) link(SymbolLookup.loaderLookup(), name, FunctionDescriptor.of(JAVA_INT))
                    .invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Calls {@code int32_t name(int32_t)} of a library loaded with {@link System#load}. */
    static int callInt(String name, int argument) {
        try {
            return (int) link(SymbolLookup.loaderLookup(), name,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT)).invokeExact(argument);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Calls {@code int64_t name(void)} of a library loaded with {@link System#load}. */
    static long callLong(String name) {
        try {
            return (long) link(SymbolLookup.loaderLookup(), name, FunctionDescriptor.of(JAVA_LONG))
                    .invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @SuppressWarnings("restricted")
    private static MethodHandle link(SymbolLookup lookup, String name, FunctionDescriptor type,
            Linker.Option... options) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + name));
        return LINKER.downcallHandle(symbol, type, options);
    }
}
