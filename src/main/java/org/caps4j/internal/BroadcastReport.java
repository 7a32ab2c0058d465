/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.List;

/**
 * What {@code caps4j_broadcast} reported ({@code struct caps4j_summary} plus every thread's
 * outcome), decoded once by the native binding.
 *
 * @param result 0, or the broadcast's -errno (e.g. -ETIMEDOUT)
 * @param callerStep the op that failed on the calling thread, or -1
 * @param callerErrno its errno, or 0
 * @param stoppedMillis time the process spent stopped, not counted toward the timeout
 */
public record BroadcastReport(int result, int callerStep, int callerErrno, int signalled,
        int ran, int already, int failed, int gone, int timedOut, int mismatched, int sweeps,
        int stoppedMillis, List<ThreadOutcome> threads) {
    public boolean callerFailed() {
        return result < 0 && callerStep >= 0;
    }
}
