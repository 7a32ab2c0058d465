/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The capability numbers the running kernel knows: {@code 0..lastCap}. libcap calls this
 * cap_max_bits(); "all" and the text format's default clause mean exactly this range.
 *
 * <p>Read once from {@code /proc/sys/kernel/cap_last_cap}. Without /proc the shim probes the
 * bounding set instead; pure-Java code paths never need the shim for this.
 */
public final class KernelUniverse {
    static final Path CAP_LAST_CAP = Path.of("/proc/sys/kernel/cap_last_cap");

    private KernelUniverse() {}

    private static final class Holder {
        static final int LAST_CAP = discover();
    }

    /** The highest capability number the running kernel knows (40 on Linux 5.9+). */
    public static int lastCap() {
        return Holder.LAST_CAP;
    }

    /** The mask with bits {@code 0..lastCap()} set. */
    public static long allMask() {
        return maskUpTo(lastCap());
    }

    /** The mask with bits {@code 0..lastCap} set. */
    public static long maskUpTo(int lastCap) {
        return -1L >>> (Long.SIZE - 1 - lastCap);
    }

    private static int discover() {
        try {
            return parse(readSysctl(CAP_LAST_CAP));
        } catch (IOException | IllegalArgumentException unreadable) {
            int probed = Natives.shim().probeLastCap();
            if (probed < 0) {
                throw new IllegalStateException("cannot determine the kernel's last capability: "
                        + CAP_LAST_CAP + " is unreadable (" + unreadable.getMessage()
                        + ") and probing the bounding set failed: " + Errno.describe(-probed),
                        unreadable);
            }
            return probed;
        }
    }

    /**
     * Reads a /proc/sys file in one read(2). Those files answer a read at a non-zero offset with
     * end of file, and Files.readString reads a file that stats as 0 bytes one byte first: it
     * returned "4" for a cap_last_cap of "40".
     */
    static String readSysctl(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[64];
            int length = in.read(buffer);
            return length <= 0 ? "" : new String(buffer, 0, length, StandardCharsets.US_ASCII);
        }
    }

    static int parse(String text) {
        int lastCap = Integer.parseInt(text.strip());
        if (lastCap < 0 || lastCap >= Long.SIZE) {
            throw new IllegalArgumentException("cap_last_cap " + lastCap + " is outside 0..63");
        }
        return lastCap;
    }
}
