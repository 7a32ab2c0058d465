/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/**
 * What an operation governs: the {@link Fields} every thread must agree on afterwards, and of
 * the bounding and ambient sets the bits it names. A thread compares these before running a
 * list (so one already at the target skips it) and reads them back after.
 */
public record Scope(int fields, long boundingBits, long ambientBits) {
    /** E, P and I, and the ambient bits the kernel lowers with them. */
    public static final Scope CAPS = new Scope(Fields.CAPS, 0, 0);

    public static Scope bounding(long bits) {
        return new Scope(Fields.BOUNDING, bits, 0);
    }

    public static Scope ambient(long bits) {
        return new Scope(Fields.AMBIENT, 0, bits);
    }

    public Scope and(Scope other) {
        return new Scope(fields | other.fields, boundingBits | other.boundingBits,
                ambientBits | other.ambientBits);
    }
}
