/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Links the C functions the benchmarks compare caps4j with: libc's own symbols and libcap's.
 * Every restricted FFM operation of this project happens in {@link #link}.
 */
final class Native {
    /**
     * Where libcap comes from: its soname by default (2.66 on this machine, the library Debian
     * and Ubuntu ship); {@code -Dcaps4j.bench.libcap=/path/to/libcap.so.2} picks another.
     */
    static final String LIBCAP_PROPERTY = "caps4j.bench.libcap";

    /**
     * The longest C string read back from a returned pointer. libcap's cap_to_text() never
     * produces more than CAP_TEXT_SIZE (a few KiB); the bound only guards against a missing NUL.
     */
    static final long MAX_C_STRING = 64 * 1024;

    /** The libraries a benchmark may link against. */
    enum Library {
        /** Symbols the JVM's default lookup finds: libc (glibc here), libm, libdl. */
        LIBC,
        /** libcap.so.2, loaded once per linked function (dlopen keeps one copy). */
        LIBCAP
    }

    private Native() {}

    /**
     * A downcall handle for {@code name} in {@code library}. A returned pointer gets a target
     * layout of {@link #MAX_C_STRING} bytes, so a {@code char *} result can be read with
     * {@link MemorySegment#getString(long)} without a further restricted call; opaque pointers
     * (cap_t) are only passed back to C and never read.
     */
    @SuppressWarnings("restricted")
    static MethodHandle link(Library library, String name, FunctionDescriptor descriptor,
            Linker.Option... options) {
        SymbolLookup lookup = switch (library) {
            case LIBC -> Linker.nativeLinker().defaultLookup();
            case LIBCAP -> SymbolLookup.libraryLookup(
                    System.getProperty(LIBCAP_PROPERTY, "libcap.so.2"), Arena.global());
        };
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                library + " does not export " + name));
        FunctionDescriptor linked = descriptor.returnLayout()
                .filter(ADDRESS::equals)
                .map(address -> descriptor.changeReturnLayout(ADDRESS.withTargetLayout(
                        MemoryLayout.sequenceLayout(MAX_C_STRING, JAVA_BYTE))))
                .orElse(descriptor);
        return Linker.nativeLinker().downcallHandle(symbol, linked, options);
    }
}
