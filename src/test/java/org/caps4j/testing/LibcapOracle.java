package org.caps4j.testing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;

/**
 * The real libcap ({@code libcap.so.2}) as a test oracle for the text codec: its
 * {@code cap_from_text} and {@code cap_to_text}, with arbitrary 64-bit E/P/I masks moved in and
 * out through libcap's external format ({@code cap_copy_int}/{@code cap_copy_ext}), because
 * cap_get_flag/cap_set_flag refuse bits above libcap's compile-time last capability.
 *
 * <p>Tier 2: needs no privilege, only the library. Call {@link #require()} first: it skips the
 * test when libcap cannot be loaded, and fails it in CI.
 */
public final class LibcapOracle {
    private static final String LIBRARY = "libcap.so.2";

    /*
     * libcap's external format (cap_extint.c): 4 magic bytes, one byte giving the bytes per set,
     * then for byte j of every set the three sets' bytes side by side: bytes[j][set], with set 0
     * effective, 1 permitted, 2 inheritable, least significant byte first. libcap 2.66 always
     * writes 8 bytes per set (64 bits), so 4 + 1 + 8 * 3 = 29 bytes.
     */
    private static final byte[] EXT_MAGIC = {(byte) 0x90, (byte) 0xc2, 0x01, 0x51};
    private static final int EXT_HEADER = EXT_MAGIC.length + 1;
    private static final int EXT_SETS = 3;
    private static final int EXT_BYTES_PER_SET = Long.BYTES;
    private static final int EXT_SIZE = EXT_HEADER + EXT_SETS * EXT_BYTES_PER_SET;

    /** Why libcap could not be bound, or null when it was. */
    private static final String UNAVAILABLE = bind();

    private LibcapOracle() {}

    /** Binds the handles now; returns why that failed, or null. */
    private static String bind() {
        try {
            MethodHandles.lookup().ensureInitialized(Bound.class);
            return null;
        } catch (ExceptionInInitializerError | IllegalAccessException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "cannot load " + LIBRARY + " (install libcap2): " + cause;
        }
    }

    /** Skips the calling test when libcap is missing; fails it when CI=true. */
    public static void require() {
        Privileged.require(isAvailable(), unavailabilityCause());
    }

    public static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /** Why libcap cannot be used, or the empty string when it can. */
    public static String unavailabilityCause() {
        return UNAVAILABLE == null ? "" : UNAVAILABLE;
    }

    /** libcap's cap_max_bits(): the number of capabilities it found the kernel to know. */
    public static int maxBits() {
        try {
            return (int) Bound.cap_max_bits.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * cap_get_mode(): libcap's classification of the calling thread's state, as its numeric
     * {@code cap_mode_t} (0 UNCERTAIN, 1 NOPRIV, 2 PURE1E_INIT, 3 PURE1E, 4 HYBRID).
     */
    public static int getMode() {
        try {
            return (int) Bound.cap_get_mode.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** cap_from_text(text): the sets, or empty when libcap refuses the text (NULL). */
    public static Optional<Caps> fromText(String text) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = (MemorySegment) Bound.cap_from_text.invokeExact(
                    arena.allocateFrom(text, StandardCharsets.UTF_8));
            if (cap.equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            try {
                return Optional.of(toCaps(arena, cap));
            } finally {
                free(cap);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** cap_to_text(caps): libcap's text for these masks, all 64 bits of each. */
    public static String toText(Caps caps) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = fromCaps(arena, caps);
            try {
                MemorySegment length = arena.allocate(JAVA_LONG);
                MemorySegment text = (MemorySegment) Bound.cap_to_text.invokeExact(cap, length);
                if (text.equals(MemorySegment.NULL)) {
                    throw new AssertionError("cap_to_text returned NULL for " + masks(caps));
                }
                try {
                    return copyString(arena, text, length.get(JAVA_LONG, 0));
                } finally {
                    free(text);
                }
            } finally {
                free(cap);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Through libcap and back (cap_copy_int then cap_copy_ext), to check the binding itself. */
    public static Caps throughLibcap(Caps caps) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = fromCaps(arena, caps);
            try {
                return toCaps(arena, cap);
            } finally {
                free(cap);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** cap_init(): a fresh cap_t as libcap creates it (all sets empty). */
    public static Caps initial() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cap = (MemorySegment) Bound.cap_init.invokeExact();
            if (cap.equals(MemorySegment.NULL)) {
                throw new AssertionError("cap_init returned NULL");
            }
            try {
                return toCaps(arena, cap);
            } finally {
                free(cap);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MemorySegment fromCaps(Arena arena, Caps caps) throws Throwable {
        MemorySegment ext = arena.allocate(EXT_SIZE);
        MemorySegment.copy(EXT_MAGIC, 0, ext, JAVA_BYTE, 0, EXT_MAGIC.length);
        ext.set(JAVA_BYTE, EXT_MAGIC.length, (byte) EXT_BYTES_PER_SET);
        long[] masks = {caps.effective().mask(), caps.permitted().mask(),
            caps.inheritable().mask()};
        for (int set = 0; set < EXT_SETS; set++) {
            for (int j = 0; j < EXT_BYTES_PER_SET; j++) {
                ext.set(JAVA_BYTE, EXT_HEADER + j * EXT_SETS + set,
                        (byte) (masks[set] >>> (8 * j)));
            }
        }
        MemorySegment cap = (MemorySegment) Bound.cap_copy_int.invokeExact(ext);
        if (cap.equals(MemorySegment.NULL)) {
            throw new AssertionError("cap_copy_int refused " + masks(caps));
        }
        return cap;
    }

    private static Caps toCaps(Arena arena, MemorySegment cap) throws Throwable {
        long size = (long) Bound.cap_size.invokeExact(cap);
        if (size != EXT_SIZE) {
            throw new AssertionError("cap_size is " + size + ", expected " + EXT_SIZE);
        }
        MemorySegment ext = arena.allocate(EXT_SIZE);
        long written = (long) Bound.cap_copy_ext.invokeExact(ext, cap, (long) EXT_SIZE);
        if (written != EXT_SIZE || ext.get(JAVA_BYTE, EXT_MAGIC.length) != EXT_BYTES_PER_SET) {
            throw new AssertionError("cap_copy_ext wrote " + written + " bytes");
        }
        long[] masks = new long[EXT_SETS];
        for (int set = 0; set < EXT_SETS; set++) {
            for (int j = 0; j < EXT_BYTES_PER_SET; j++) {
                long b = ext.get(JAVA_BYTE, EXT_HEADER + j * EXT_SETS + set) & 0xffL;
                masks[set] |= b << (8 * j);
            }
        }
        return Caps.of(CapabilitySet.fromMask(masks[0]), CapabilitySet.fromMask(masks[1]),
                CapabilitySet.fromMask(masks[2]));
    }

    /** Copies a C string of known length out with memcpy, so no segment is ever resized. */
    private static String copyString(Arena arena, MemorySegment text, long length)
            throws Throwable {
        MemorySegment copy = arena.allocate(length);
        MemorySegment unused = (MemorySegment) Bound.memcpy.invokeExact(copy, text, length);
        return new String(copy.toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private static void free(MemorySegment pointer) throws Throwable {
        int result = (int) Bound.cap_free.invokeExact(pointer);
        if (result != 0) {
            throw new AssertionError("cap_free failed");
        }
    }

    public static String masks(Caps caps) {
        return String.format("E=%016x P=%016x I=%016x", caps.effective().mask(),
                caps.permitted().mask(), caps.inheritable().mask());
    }

    private static RuntimeException rethrow(Throwable t) {
        return NativeLink.rethrow(t);
    }

    /** The handles; initialising this class loads libcap, and fails if it cannot. */
    private static final class Bound {
        // cap_t cap_from_text(const char *text);
        static final MethodHandle cap_from_text =
                link(LIBRARY, "cap_from_text", FunctionDescriptor.of(ADDRESS, ADDRESS));
        // char *cap_to_text(cap_t caps, ssize_t *length_p);
        static final MethodHandle cap_to_text =
                link(LIBRARY, "cap_to_text", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        // int cap_free(void *object);
        static final MethodHandle cap_free =
                link(LIBRARY, "cap_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cap_t cap_init(void);
        static final MethodHandle cap_init =
                link(LIBRARY, "cap_init", FunctionDescriptor.of(ADDRESS));
        // ssize_t cap_size(cap_t cap_d);
        static final MethodHandle cap_size =
                link(LIBRARY, "cap_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        // ssize_t cap_copy_ext(void *cap_ext, cap_t cap_d, ssize_t length);
        static final MethodHandle cap_copy_ext = link(LIBRARY, "cap_copy_ext",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
        // cap_t cap_copy_int(const void *cap_ext);
        static final MethodHandle cap_copy_int =
                link(LIBRARY, "cap_copy_int", FunctionDescriptor.of(ADDRESS, ADDRESS));
        // cap_value_t cap_max_bits(void);
        static final MethodHandle cap_max_bits =
                link(LIBRARY, "cap_max_bits", FunctionDescriptor.of(JAVA_INT));
        // cap_mode_t cap_get_mode(void);   (cap_mode_t is an unsigned int enum)
        static final MethodHandle cap_get_mode =
                link(LIBRARY, "cap_get_mode", FunctionDescriptor.of(JAVA_INT));
        // void *memcpy(void *dest, const void *src, size_t n);   (libc)
        static final MethodHandle memcpy = link(null, "memcpy",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    }

    private static MethodHandle link(String library, String name,
            FunctionDescriptor descriptor) {
        return NativeLink.link(library, name, descriptor);
    }
}
