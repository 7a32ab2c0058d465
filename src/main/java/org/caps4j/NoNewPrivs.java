/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import org.caps4j.internal.CredentialTransactions;
import org.caps4j.internal.Failures;
import org.caps4j.internal.Natives;

/**
 * The no_new_privs attribute: once set, execve(2) never grants privileges (set-id bits and file
 * capabilities are ignored). It cannot be unset and is inherited by children and new threads.
 */
public final class NoNewPrivs {
    private NoNewPrivs() {}

    /**
     * Whether no_new_privs is set on the calling thread (prctl PR_GET_NO_NEW_PRIVS).
     *
     * @return true if no_new_privs is set
     */
    public static boolean isSet() {
        return Edge.call(() -> Failures.check(Natives.shim().readNoNewPrivs(), "prctl(PR_GET_NO_NEW_PRIVS)",
                "for the calling thread") == 1);
    }

    /**
     * Sets no_new_privs on every thread of the process (it cannot be unset). After it,
     * execve(2) of a set-id or file-capability program grants nothing. Needs no capability.
     * Verified with a census of /proc/self/task ({@code NoNewPrivs: 1} on every task).
     *
     * @throws CapabilityException if any thread failed or shows another state
     */
    public static void set() {
        Edge.run(() -> CredentialTransactions.setNoNewPrivs("prctl(PR_SET_NO_NEW_PRIVS)"));
    }
}
