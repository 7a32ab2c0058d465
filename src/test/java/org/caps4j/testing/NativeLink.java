package org.caps4j.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** The test oracles' one piece of restricted code: binding a C function by name. */
final class NativeLink {
    private NativeLink() {}

    /**
     * Finds {@code name} in {@code library} (libc when null) and binds a downcall. dlopen is
     * reference counted, so looking the library up once per function loads it once.
     */
    /** Downcalls declare Throwable; oracle calls throw nothing checked. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError(t);
    }

    @SuppressWarnings("restricted")
    static MethodHandle link(String library, String name, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lookup = library == null
                ? linker.defaultLookup()
                : SymbolLookup.libraryLookup(library, Arena.global());
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                (library == null ? "libc" : library) + " does not export " + name));
        return linker.downcallHandle(symbol, descriptor);
    }
}
