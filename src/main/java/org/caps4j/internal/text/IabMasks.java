/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * An IAB as three 64-bit masks, bit {@code n} for capability number {@code n}: inheritable,
 * ambient, and blocked (libcap's "NB" vector: not in the bounding set). What {@link IabText}
 * reads and writes. The parser keeps ambient within inheritable, as libcap does; the formatter
 * writes whatever it is given.
 */
public record IabMasks(long inheritable, long ambient, long blocked) {
    /** Nothing inheritable, ambient or blocked: the empty text. */
    public static final IabMasks EMPTY = new IabMasks(0, 0, 0);
}
