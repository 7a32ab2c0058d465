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

    /** Binds the functions now; returns why that failed, or null. */
    private static String bind() {
        try {
            Bound.cap_free.getName();
            return null;
        } catch (ExceptionInInitializerError | UnsatisfiedLinkError | NoClassDefFoundError e) {
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
        return Bound.cap_max_bits.invokeInt(new Object[0]);
    }

    /**
     * cap_get_mode(): libcap's classification of the calling thread's state, as its numeric
     * {@code cap_mode_t} (0 UNCERTAIN, 1 NOPRIV, 2 PURE1E_INIT, 3 PURE1E, 4 HYBRID).
     */
    public static int getMode() {
        return Bound.cap_get_mode.invokeInt(new Object[0]);
    }

    /** cap_from_text(text): the sets, or empty when libcap refuses the text (NULL). */
    public static Optional<Caps> fromText(String text) {
        Pointer cap = Bound.cap_from_text.invokePointer(new Object[] {cString(text)});
        if (cap == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(toCaps(cap));
        } finally {
            free(cap);
        }
    }

    /** cap_to_text(caps): libcap's text for these masks, all 64 bits of each. */
    public static String toText(Caps caps) {
        Pointer cap = fromCaps(caps);
        try {
            long[] length = new long[1];
            Pointer text = Bound.cap_to_text.invokePointer(new Object[] {cap, length});
            if (text == null) {
                throw new AssertionError("cap_to_text returned NULL for " + masks(caps));
            }
            try {
                return new String(text.getByteArray(0, (int) length[0]),
                        StandardCharsets.UTF_8);
            } finally {
                free(text);
            }
        } finally {
            free(cap);
        }
    }

    /** Through libcap and back (cap_copy_int then cap_copy_ext), to check the binding itself. */
    public static Caps throughLibcap(Caps caps) {
        Pointer cap = fromCaps(caps);
        try {
            return toCaps(cap);
        } finally {
            free(cap);
        }
    }

    /** cap_init(): a fresh cap_t as libcap creates it (all sets empty). */
    public static Caps initial() {
        Pointer cap = Bound.cap_init.invokePointer(new Object[0]);
        if (cap == null) {
            throw new AssertionError("cap_init returned NULL");
        }
        try {
            return toCaps(cap);
        } finally {
            free(cap);
        }
    }

    private static Pointer fromCaps(Caps caps) {
        // Arrays, not JNA Memory: its first use starts a "JNA Cleaner" thread, which would show
        // up in the censuses of the tests that use this oracle. JNA copies arrays in and out.
        byte[] ext = new byte[EXT_SIZE];
        System.arraycopy(EXT_MAGIC, 0, ext, 0, EXT_MAGIC.length);
        ext[EXT_MAGIC.length] = (byte) EXT_BYTES_PER_SET;
        long[] masks = {caps.effective().mask(), caps.permitted().mask(),
            caps.inheritable().mask()};
        for (int set = 0; set < EXT_SETS; set++) {
            for (int j = 0; j < EXT_BYTES_PER_SET; j++) {
                ext[EXT_HEADER + j * EXT_SETS + set] = (byte) (masks[set] >>> (8 * j));
            }
        }
        Pointer cap = Bound.cap_copy_int.invokePointer(new Object[] {ext});
        if (cap == null) {
            throw new AssertionError("cap_copy_int refused " + masks(caps));
        }
        return cap;
    }

    private static Caps toCaps(Pointer cap) {
        long size = Bound.cap_size.invokeLong(new Object[] {cap});
        if (size != EXT_SIZE) {
            throw new AssertionError("cap_size is " + size + ", expected " + EXT_SIZE);
        }
        byte[] ext = new byte[EXT_SIZE];
        long written = Bound.cap_copy_ext.invokeLong(new Object[] {ext, cap, (long) EXT_SIZE});
        if (written != EXT_SIZE || ext[EXT_MAGIC.length] != EXT_BYTES_PER_SET) {
            throw new AssertionError("cap_copy_ext wrote " + written + " bytes");
        }
        long[] masks = new long[EXT_SETS];
        for (int set = 0; set < EXT_SETS; set++) {
            for (int j = 0; j < EXT_BYTES_PER_SET; j++) {
                long b = ext[EXT_HEADER + j * EXT_SETS + set] & 0xffL;
                masks[set] |= b << (8 * j);
            }
        }
        return Caps.of(CapabilitySet.fromMask(masks[0]), CapabilitySet.fromMask(masks[1]),
                CapabilitySet.fromMask(masks[2]));
    }

    private static void free(Pointer pointer) {
        if (Bound.cap_free.invokeInt(new Object[] {pointer}) != 0) {
            throw new AssertionError("cap_free failed");
        }
    }

    /** {@code text} as a NUL-terminated UTF-8 array (JNA copies it in for the call). */
    static byte[] cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    public static String masks(Caps caps) {
        return String.format("E=%016x P=%016x I=%016x", caps.effective().mask(),
                caps.permitted().mask(), caps.inheritable().mask());
    }

    /** The functions; initialising this class loads libcap, and fails if it cannot. */
    private static final class Bound {
        static final Function cap_from_text = NativeLink.function(LIBRARY, "cap_from_text");
        static final Function cap_to_text = NativeLink.function(LIBRARY, "cap_to_text");
        static final Function cap_free = NativeLink.function(LIBRARY, "cap_free");
        static final Function cap_init = NativeLink.function(LIBRARY, "cap_init");
        static final Function cap_size = NativeLink.function(LIBRARY, "cap_size");
        static final Function cap_copy_ext = NativeLink.function(LIBRARY, "cap_copy_ext");
        static final Function cap_copy_int = NativeLink.function(LIBRARY, "cap_copy_int");
        static final Function cap_max_bits = NativeLink.function(LIBRARY, "cap_max_bits");
        static final Function cap_get_mode = NativeLink.function(LIBRARY, "cap_get_mode");
    }
}
