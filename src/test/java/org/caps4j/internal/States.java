/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.List;

/** Short constructors of {@link CredentialState} values for the pure tests. */
final class States {
    /** Every capability of a 6.x kernel (cap_last_cap 40). */
    static final long ALL = (1L << 41) - 1;
    static final CredentialState.Ids ROOT = CredentialState.Ids.all(0);

    private States() {}

    /** uid/gid 0, no groups, securebits 0, no_new_privs off, with these sets. */
    static CredentialState caps(long e, long p, long i, long b, long a) {
        return new CredentialState(e, p, i, b, a, 0, false, ROOT, ROOT, List.of());
    }

    /** A full-root thread: E = P = bounding = everything, I = A = nothing. */
    static CredentialState root() {
        return caps(ALL, ALL, 0, ALL, 0);
    }
}
