/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.util.Optional;
import org.caps4j.internal.KernelUniverse;
import org.caps4j.internal.Natives;

/**
 * Whether caps4j can talk to the kernel in this JVM, and facts about the running kernel.
 *
 * <p>Pure values ({@link CapabilitySet}, {@link Caps#parse(String)}, ...) always work. Reading or
 * changing the kernel's state needs the native shim, which needs Linux and native access
 * ({@code --enable-native-access=org.caps4j} on the module path, {@code ALL-UNNAMED} on the class
 * path). Check with {@link #isAvailable()}; operations that need it throw otherwise.
 */
public final class Caps4j {
    private Caps4j() {}

    /**
     * Whether the native shim is loaded and usable. Never throws.
     *
     * @return true if operations on the kernel's state can work
     */
    public static boolean isAvailable() {
        return Natives.isAvailable();
    }

    /** Throws {@link CapabilityException} explaining why the shim cannot be used, if it cannot. */
    public static void ensureAvailable() {
        Edge.run(() -> Natives.shim());
    }

    /**
     * Why the shim cannot be used (e.g. native access not enabled, with the flag to add), or
     * empty.
     *
     * @return the failure that made the shim unusable, or empty if it is available
     */
    public static Optional<Throwable> unavailabilityCause() {
        return Natives.unavailabilityCause();
    }

    /**
     * The highest capability number the running kernel knows, from
     * {@code /proc/sys/kernel/cap_last_cap} (40 on Linux 5.9 and later).
     *
     * @return the running kernel's last capability number
     */
    public static int kernelLastCap() {
        return Edge.call(() -> KernelUniverse.lastCap());
    }
}
