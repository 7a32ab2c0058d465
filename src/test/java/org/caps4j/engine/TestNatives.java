/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.caps4j.testing.TestC;

/**
 * The broadcast tests' native helpers: compiling {@code src/test/c} at test time (parent side)
 * and the few libc calls their child mains make through JNA (glibc's all-threads
 * {@code setresuid}, {@code prctl}, the test library's thread starters).
 */
final class TestNatives {
    /** The test library {@link #load} loaded, whose functions the call methods find. */
    private static NativeLibrary loaded;

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

    /** Loads a test library (its constructors run) for the call methods below. */
    static void load(Path library) {
        loaded = NativeLibrary.getInstance(library.toAbsolutePath().toString());
    }

    /** glibc's setresuid: changes the ids of every thread by its own signal-33 broadcast. */
    static int glibcSetresuid(int real, int effective, int saved) {
        return NativeLibrary.getProcess().getFunction("setresuid")
                .invokeInt(new Object[] {real, effective, saved});
    }

    /** {@code prctl(option, arg2, pointer)} on the calling thread only. */
    static int prctl(int option, long arg2, java.nio.ByteBuffer pointer) {
        return NativeLibrary.getProcess().getFunction("prctl")
                .invokeInt(new Object[] {option, arg2, pointer});
    }

    /** Calls {@code int32_t name(void)} of the library {@link #load} loaded. */
    static int callInt(String name) {
        return function(name).invokeInt(new Object[0]);
    }

    /** Calls {@code int32_t name(int32_t)} of the library {@link #load} loaded. */
    static int callInt(String name, int argument) {
        return function(name).invokeInt(new Object[] {argument});
    }

    /** Calls {@code int64_t name(void)} of the library {@link #load} loaded. */
    static long callLong(String name) {
        return function(name).invokeLong(new Object[0]);
    }

    private static Function function(String name) {
        if (loaded == null) {
            throw new IllegalStateException("TestNatives.load was not called");
        }
        return loaded.getFunction(name);
    }
}
