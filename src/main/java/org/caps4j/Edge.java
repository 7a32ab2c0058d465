/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import java.util.function.Supplier;
import org.caps4j.internal.Errno;
import org.caps4j.internal.KernelFailure;

/**
 * Where the engine's failures become the public exceptions: every public operation that goes
 * below the API runs through here. The public exception is created on the caller's thread, so
 * its stack is the caller's; the engine's failure is its cause.
 */
final class Edge {
    private Edge() {}

    static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (KernelFailure failure) {
            throw translate(failure);
        }
    }

    static void run(Runnable action) {
        try {
            action.run();
        } catch (KernelFailure failure) {
            throw translate(failure);
        }
    }

    static CapabilityException translate(KernelFailure f) {
        return f.errno() == Errno.EPERM
                ? new CapabilityPermissionException(f.operation(), f.detail(), f.hint(), f)
                : new CapabilityException(f.operation(), f.errno(), f.detail(), f.hint(), f);
    }
}
