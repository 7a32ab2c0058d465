/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import com.sun.jna.Function;
import com.sun.jna.Pointer;
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
        try {
            Pointer iab = Bound.cap_iab_from_text.invokePointer(new Object[] {LibcapOracle.cString(text)});
            if (iab == null) {
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
            Pointer native_ = Bound.cap_iab_init.invokePointer(new Object[0]);
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
            Pointer native_ = Bound.cap_iab_init.invokePointer(new Object[0]);
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
            Pointer iab = Bound.cap_iab_get_proc.invokePointer(new Object[0]);
            if (iab == null) {
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
            Pointer iab = Bound.cap_iab_init.invokePointer(new Object[0]);
            try {
                return Bound.cap_iab_set_vector.invokeInt(new Object[] {iab, vector, bit, 1});
            } finally {
                free(iab);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** cap_iab_get_vector for {@code bit} of the IAB libcap parses from {@code text}. */
    public static int getVectorOfParsed(String text, int vector, int bit) {
        try {
            Pointer iab = Bound.cap_iab_from_text.invokePointer(new Object[] {LibcapOracle.cString(text)});
            if (iab == null) {
                throw new AssertionError("libcap refuses " + text);
            }
            try {
                return Bound.cap_iab_get_vector.invokeInt(new Object[] {iab, vector, bit});
            } finally {
                free(iab);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void write(Pointer iab, Iab value) throws Throwable {
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
                    int rc = Bound.cap_iab_set_vector.invokeInt(new Object[] {iab, vectors[v], bit, 1});
                    if (rc != 0) {
                        throw new AssertionError("cap_iab_set_vector(" + vectors[v] + ", "
                                + bit + ") failed");
                    }
                }
            }
        }
    }

    private static Iab read(Pointer iab) throws Throwable {
        int bits = LibcapOracle.maxBits();
        long[] masks = new long[3];
        int[] vectors = {INH, AMB, BOUND};
        for (int v = 0; v < vectors.length; v++) {
            for (int bit = 0; bit < bits; bit++) {
                int raised = Bound.cap_iab_get_vector.invokeInt(new Object[] {iab, vectors[v], bit});
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

    private static String text(Pointer iab) {
        Pointer text = Bound.cap_iab_to_text.invokePointer(new Object[] {iab});
        if (text == null) {
            throw new AssertionError("cap_iab_to_text returned NULL");
        }
        try {
            return text.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            free(text);
        }
    }

    private static void free(Pointer pointer) {
        int result = Bound.cap_free.invokeInt(new Object[] {pointer});
        if (result != 0) {
            throw new AssertionError("cap_free failed");
        }
    }

    /** The oracle's calls throw nothing checked; anything else is a test failure. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }

    /** The functions; initialising this class loads libcap. */
    private static final class Bound {
        static final Function cap_iab_init = NativeLink.function(LIBRARY, "cap_iab_init");
        static final Function cap_iab_from_text = NativeLink.function(LIBRARY, "cap_iab_from_text");
        static final Function cap_iab_to_text = NativeLink.function(LIBRARY, "cap_iab_to_text");
        static final Function cap_iab_get_vector = NativeLink.function(LIBRARY, "cap_iab_get_vector");
        static final Function cap_iab_set_vector = NativeLink.function(LIBRARY, "cap_iab_set_vector");
        static final Function cap_iab_get_proc = NativeLink.function(LIBRARY, "cap_iab_get_proc");
        static final Function cap_free = NativeLink.function(LIBRARY, "cap_free");
    }
}
