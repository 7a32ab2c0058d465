/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * The effective, permitted and inheritable sets as 64-bit masks, bit {@code n} for capability
 * number {@code n}: what {@link CapText} reads from and writes to libcap's text. The public API
 * builds its own values from these at its edge, so nothing here depends on it.
 */
public record CapMasks(long effective, long permitted, long inheritable) {
    /** All three sets empty, libcap's {@code =}. */
    public static final CapMasks EMPTY = new CapMasks(0, 0, 0);
}
