/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import org.caps4j.internal.Failures;
import org.caps4j.internal.Natives;
import org.caps4j.internal.Engine;
import org.caps4j.internal.KernelUniverse;
import org.caps4j.internal.Scope;

/**
 * The ambient capability set (Linux 4.3+): capabilities that survive execve(2) of a program
 * without file capabilities. A capability can only be ambient while it is both permitted and
 * inheritable; lowering either drops it from the ambient set. Executing a set-id or
 * file-capability program clears the ambient set.
 */
public final class Ambient {
    private Ambient() {}

    /**
     * The calling thread's ambient set, read with PR_CAP_AMBIENT_IS_SET for each capability.
     *
     * @return the ambient set
     */
    public static CapabilitySet read() {
        long[] mask = new long[1];
        Edge.run(() -> Failures.check(Natives.shim().readAmbient(mask), "prctl(PR_CAP_AMBIENT_IS_SET)",
                "for the calling thread (ambient capabilities need Linux 4.3 or later)"));
        return CapabilitySet.fromMask(mask[0]);
    }

    /**
     * Raises {@code capabilities} in the ambient set of every thread (one verified
     * transaction, see {@link Caps#apply()}). Each must already be permitted and inheritable.
     *
     * @param capabilities the capabilities to raise
     * @throws CapabilityPermissionException if one is not both permitted and inheritable
     *     (nothing changed), or the kernel refused (e.g. SECBIT_NO_CAP_AMBIENT_RAISE)
     * @throws CapabilityException if any thread failed or ends in another state
     */
    public static void raise(Capability... capabilities) {
        long raise = CapabilitySet.of(capabilities).mask();
        Edge.run(() -> Engine.apply("prctl(PR_CAP_AMBIENT_RAISE)", Scope.ambient(raise),
                now -> now.withAmbient(now.ambient() | raise)));
    }

    /**
     * Lowers {@code capabilities} in the ambient set of every thread (verified).
     *
     * @param capabilities the capabilities to lower; those not ambient are ignored
     */
    public static void lower(Capability... capabilities) {
        long lower = CapabilitySet.of(capabilities).mask();
        Edge.run(() -> Engine.apply("prctl(PR_CAP_AMBIENT_LOWER)", Scope.ambient(lower),
                now -> now.withAmbient(now.ambient() & ~lower)));
    }

    /** Empties the ambient set of every thread (verified). */
    public static void clear() {
        Edge.run(() -> Engine.apply("prctl(PR_CAP_AMBIENT_CLEAR_ALL)", Scope.ambient(KernelUniverse.allMask()),
                now -> now.withAmbient(0)));
    }
}
