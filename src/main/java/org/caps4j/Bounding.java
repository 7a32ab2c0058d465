/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import org.caps4j.internal.Failures;
import org.caps4j.internal.Natives;
import org.caps4j.internal.Engine;
import org.caps4j.internal.Scope;

/**
 * The capability bounding set: the limit on what execve(2) can ever add to the permitted set.
 * A capability can be dropped from it (needs CAP_SETPCAP) but never added back; it is inherited
 * by children and new threads.
 */
public final class Bounding {
    private Bounding() {}

    /**
     * The calling thread's bounding set, read from the kernel with PR_CAPBSET_READ for each
     * capability the kernel knows.
     *
     * @return the bounding set
     */
    public static CapabilitySet read() {
        long[] mask = new long[1];
        Edge.run(() -> Failures.check(Natives.shim().readBounding(mask), "prctl(PR_CAPBSET_READ)",
                "for the calling thread"));
        return CapabilitySet.fromMask(mask[0]);
    }

    /**
     * Drops {@code capabilities} from the bounding set of every thread of the process, in one
     * verified transaction (see {@link Caps#apply()}). Needs CAP_SETPCAP in the permitted set;
     * if it is not effective it is raised for the transaction and dropped again at the end.
     * There is no way back: a dropped capability can never be regained by this process or its
     * children. Capabilities already absent are ignored.
     *
     * @param capabilities the capabilities to drop
     * @throws CapabilityPermissionException without CAP_SETPCAP (nothing changed)
     * @throws CapabilityException if any thread failed or ends in another state
     */
    public static void drop(Capability... capabilities) {
        long drop = CapabilitySet.of(capabilities).mask();
        Edge.run(() -> Engine.apply("prctl(PR_CAPBSET_DROP)", Scope.bounding(drop),
                now -> now.withBounding(now.bounding() & ~drop)));
    }
}
