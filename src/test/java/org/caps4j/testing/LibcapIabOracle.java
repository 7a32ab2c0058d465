package org.caps4j.testing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.caps4j.CapabilitySet;
import org.caps4j.Iab;

/**
 * libcap's IAB functions ({@code cap_iab_*} in libcap.so.2) as a test oracle for
 * {@link Iab}. Vectors are moved bit by bit with cap_iab_get_vector/cap_iab_set_vector, which
 * only reach bits below cap_max_bits(): set_vector refuses a higher bit with EINVAL and
 * get_vector reads it as 0, so states with such bits cannot be handed to libcap at all
 * ({@link #toText} refuses them) and libcap's parser results are only visible up to there.
 *
 * <p>Call {@link LibcapOracle#require()} first; it covers this class too.
 */
public final class LibcapIabOracle {
    private static final String LIBRARY = "libcap.so.2";
    // cap_iab_vector_t
    public static final int INH = 2, AMB = 3, BOUND = 4;

    private LibcapIabOracle() {}

    /** cap_iab_from_text(text), read back bit by bit, or empty when libcap refuses (NULL). */
    public static Optional<Iab> fromText(String text) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iab = (MemorySegment) Bound.cap_iab_from_text.invokeExact(
                    arena.allocateFrom(text, StandardCharsets.UTF_8));
            if (iab.equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            try {
                return Optional.of(read(iab));
            } finally {
                free(iab);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** cap_iab_to_text of {@code iab}, built with cap_iab_init and cap_iab_set_vector. */
    public static String toText(Iab iab) {
        try {
            MemorySegment native_ = (MemorySegment) Bound.cap_iab_init.invokeExact();
            try {
                write(native_, iab);
                return text(native_);
            } finally {
                free(native_);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Round trip through libcap's vectors, to check the binding itself. */
    public static Iab throughLibcap(Iab iab) {
        try {
            MemorySegment native_ = (MemorySegment) Bound.cap_iab_init.invokeExact();
            try {
                write(native_, iab);
                return read(native_);
            } finally {
                free(native_);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** cap_iab_to_text(cap_iab_get_proc()): libcap's view of the calling thread. */
    public static String procText() {
        try {
            MemorySegment iab = (MemorySegment) Bound.cap_iab_get_proc.invokeExact();
            if (iab.equals(MemorySegment.NULL)) {
                throw new AssertionError("cap_iab_get_proc returned NULL");
            }
            try {
                return text(iab);
            } finally {
                free(iab);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** cap_iab_set_vector(fresh, vector, bit, 1): its return value (0 or -1). */
    public static int setVectorResult(int vector, int bit) {
        try {
            MemorySegment iab = (MemorySegment) Bound.cap_iab_init.invokeExact();
            try {
                return (int) Bound.cap_iab_set_vector.invokeExact(iab, vector, bit, 1);
            } finally {
                free(iab);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** cap_iab_get_vector for {@code bit} of the IAB libcap parses from {@code text}. */
    public static int getVectorOfParsed(String text, int vector, int bit) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iab = (MemorySegment) Bound.cap_iab_from_text.invokeExact(
                    arena.allocateFrom(text, StandardCharsets.UTF_8));
            if (iab.equals(MemorySegment.NULL)) {
                throw new AssertionError("libcap refuses " + text);
            }
            try {
                return (int) Bound.cap_iab_get_vector.invokeExact(iab, vector, bit);
            } finally {
                free(iab);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void write(MemorySegment iab, Iab value) throws Throwable {
        int bits = LibcapOracle.maxBits();
        long all = bits >= Long.SIZE ? -1L : (1L << bits) - 1;
        long outside = (value.inheritable().mask() | value.ambient().mask()
                | value.blocked().mask()) & ~all;
        if (outside != 0) {
            throw new IllegalArgumentException("libcap cannot hold bits at or above "
                    + "cap_max_bits() " + bits + ": " + Long.toHexString(outside));
        }
        // I before A: raising A raises I in libcap, lowering I would lower A.
        long[] masks = {value.inheritable().mask(), value.ambient().mask(),
            value.blocked().mask()};
        int[] vectors = {INH, AMB, BOUND};
        for (int v = 0; v < vectors.length; v++) {
            for (int bit = 0; bit < bits; bit++) {
                if ((masks[v] & (1L << bit)) != 0) {
                    int rc = (int) Bound.cap_iab_set_vector.invokeExact(iab, vectors[v], bit, 1);
                    if (rc != 0) {
                        throw new AssertionError("cap_iab_set_vector(" + vectors[v] + ", "
                                + bit + ") failed");
                    }
                }
            }
        }
    }

    private static Iab read(MemorySegment iab) throws Throwable {
        int bits = LibcapOracle.maxBits();
        long[] masks = new long[3];
        int[] vectors = {INH, AMB, BOUND};
        for (int v = 0; v < vectors.length; v++) {
            for (int bit = 0; bit < bits; bit++) {
                int raised = (int) Bound.cap_iab_get_vector.invokeExact(iab, vectors[v], bit);
                masks[v] |= raised != 0 ? 1L << bit : 0;
            }
        }
        Iab result = Iab.of(CapabilitySet.fromMask(masks[0]), CapabilitySet.fromMask(masks[1]),
                CapabilitySet.fromMask(masks[2]));
        if (!result.inheritable().equals(CapabilitySet.fromMask(masks[0]))) {
            throw new AssertionError("libcap holds an ambient bit that is not inheritable: "
                    + Long.toHexString(masks[1] & ~masks[0]));
        }
        return result;
    }

    private static String text(MemorySegment iab) throws Throwable {
        MemorySegment text = (MemorySegment) Bound.cap_iab_to_text.invokeExact(iab);
        if (text.equals(MemorySegment.NULL)) {
            throw new AssertionError("cap_iab_to_text returned NULL");
        }
        try (Arena arena = Arena.ofConfined()) {
            long length = (long) Bound.strlen.invokeExact(text);
            MemorySegment copy = arena.allocate(Math.max(1, length));
            MemorySegment unused = (MemorySegment) Bound.memcpy.invokeExact(copy, text, length);
            return new String(copy.asSlice(0, length).toArray(JAVA_BYTE),
                    StandardCharsets.UTF_8);
        } finally {
            free(text);
        }
    }

    private static void free(MemorySegment pointer) throws Throwable {
        int result = (int) Bound.cap_free.invokeExact(pointer);
        if (result != 0) {
            throw new AssertionError("cap_free failed");
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        return NativeLink.rethrow(t);
    }

    /** The handles; initialising this class loads libcap, and fails if it cannot. */
    private static final class Bound {
        // cap_iab_t cap_iab_init(void);
        static final MethodHandle cap_iab_init =
                link(LIBRARY, "cap_iab_init", FunctionDescriptor.of(ADDRESS));
        // cap_iab_t cap_iab_from_text(const char *text);
        static final MethodHandle cap_iab_from_text =
                link(LIBRARY, "cap_iab_from_text", FunctionDescriptor.of(ADDRESS, ADDRESS));
        // char *cap_iab_to_text(cap_iab_t iab);
        static final MethodHandle cap_iab_to_text =
                link(LIBRARY, "cap_iab_to_text", FunctionDescriptor.of(ADDRESS, ADDRESS));
        // cap_flag_value_t cap_iab_get_vector(cap_iab_t iab, cap_iab_vector_t vec,
        //                                     cap_value_t val);
        static final MethodHandle cap_iab_get_vector = link(LIBRARY, "cap_iab_get_vector",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        // int cap_iab_set_vector(cap_iab_t iab, cap_iab_vector_t vec, cap_value_t val,
        //                        cap_flag_value_t raise);
        static final MethodHandle cap_iab_set_vector = link(LIBRARY, "cap_iab_set_vector",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        // cap_iab_t cap_iab_get_proc(void);
        static final MethodHandle cap_iab_get_proc =
                link(LIBRARY, "cap_iab_get_proc", FunctionDescriptor.of(ADDRESS));
        // int cap_free(void *object);
        static final MethodHandle cap_free =
                link(LIBRARY, "cap_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // size_t strlen(const char *s);   (libc)
        static final MethodHandle strlen =
                link(null, "strlen", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        // void *memcpy(void *dest, const void *src, size_t n);   (libc)
        static final MethodHandle memcpy = link(null, "memcpy",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    }

    private static MethodHandle link(String library, String name,
            FunctionDescriptor descriptor) {
        return NativeLink.link(library, name, descriptor);
    }
}
