/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import org.caps4j.internal.CredentialTransactions;
import org.caps4j.internal.Failures;
import org.caps4j.internal.Natives;

/**
 * The keep-caps flag (PR_SET_KEEPCAPS, the securebit {@link SecureBit#KEEP_CAPS}): while set,
 * a change of all uids away from 0 keeps the permitted set instead of clearing it (the
 * effective set is still cleared). The kernel clears it at execve(2). {@link Identity#change}
 * sets and clears it itself; set it here only to do your own uid change.
 */
public final class KeepCaps {
    private KeepCaps() {}

    /**
     * Whether keep-caps is set on the calling thread (prctl PR_GET_KEEPCAPS).
     *
     * @return true if keep-caps is set
     */
    public static boolean isSet() {
        return Edge.call(() -> Failures.check(Natives.shim().readKeepCaps(), "prctl(PR_GET_KEEPCAPS)",
                "for the calling thread") == 1);
    }

    /**
     * Sets or clears keep-caps on every thread of the process, verified with the value each
     * thread reads back. No capability is needed.
     *
     * @param on true to set keep-caps, false to clear it
     * @throws CapabilityPermissionException if SECBIT_KEEP_CAPS_LOCKED forbids the change
     *     (nothing changed)
     * @throws CapabilityException if any thread failed or reads back another value
     */
    public static void set(boolean on) {
        Edge.run(() -> CredentialTransactions.setKeepCaps("prctl(PR_SET_KEEPCAPS)", on));
    }
}
