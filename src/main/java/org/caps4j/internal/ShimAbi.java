/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/** The shim ABI this Java code speaks, checked by each backend right after it binds the shim. */
final class ShimAbi {
    /** Must equal CAPS4J_ABI_VERSION in caps4j.h. */
    static final int EXPECTED_VERSION = 8;

    private ShimAbi() {}

    /** @throws UnsatisfiedLinkError if the loaded shim speaks another version */
    static void check(int version) {
        if (version != EXPECTED_VERSION) {
            throw new UnsatisfiedLinkError("libcaps4j.so speaks ABI version " + version
                    + " but this caps4j jar needs version " + EXPECTED_VERSION
                    + ": a stale shim is being loaded (check -D" + NativeLibraryLoader.PATH_PROPERTY
                    + " and java.library.path)");
        }
    }
}
