/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * The tests' one way to call a C function by name: JNA's {@link Function}, which works on every
 * JDK the suite runs on (17 with the JNA backend, 22+ with FFM). Tests call C only to set up or
 * observe the kernel, never on a path whose cost matters.
 */
public final class NativeLink {
    private NativeLink() {}

    /**
     * {@code name} in {@code library} (the process's own symbols, libc among them, when null).
     * dlopen is reference counted and JNA caches the library, so this loads it once.
     */
    public static Function function(String library, String name) {
        NativeLibrary lookup = library == null ? NativeLibrary.getProcess()
                : NativeLibrary.getInstance(library);
        return lookup.getFunction(name);
    }

    /** As {@link #function(String, String)}; errno is captured into a LastErrorException. */
    public static Function functionWithErrno(String library, String name) {
        NativeLibrary lookup = library == null ? NativeLibrary.getProcess()
                : NativeLibrary.getInstance(library);
        return lookup.getFunction(name, Function.THROW_LAST_ERROR);
    }
}
