/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/** Turns the shim's {@code -errno} results into {@link KernelFailure}s, one format everywhere. */
public final class Failures {
    private Failures() {}

    /**
     * Returns {@code result} if it is {@code >= 0}; otherwise throws for {@code -result}.
     *
     * @param operation e.g. {@code capget}
     * @param detail where it failed, e.g. {@code for pid 42} (may be empty)
     */
    public static int check(int result, String operation, String detail) {
        if (result >= 0) {
            return result;
        }
        throw failure(operation, -result, detail, "");
    }

    /** The failure for {@code errno} (0 for a failure that is not an errno). */
    public static KernelFailure failure(String operation, int errno, String detail,
            String hint) {
        return new KernelFailure(operation, errno, detail, hint, null);
    }
}
