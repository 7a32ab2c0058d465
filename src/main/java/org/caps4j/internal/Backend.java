/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * The two bindings of the shim and which one this JVM uses: FFM on JDK 22 and newer (final
 * there, no dependency), JNA on 17 to 21. The FFM classes are compiled for release 22 and are
 * named here only by string, after the version check, so a JDK 17 never loads one.
 *
 * <p>{@value #PROPERTY}{@code =jna} picks JNA on a JDK >= 22 too (tests and the benchmark
 * compare the two in one JVM); {@code ffm} on an older JDK is refused with the reason.
 */
enum Backend {
    FFM {
        @Override
        NativeShim open() throws Throwable {
            if (Runtime.version().feature() < FFM_FEATURE) {
                throw new UnsupportedOperationException("-D" + PROPERTY + "=ffm needs a JDK >= "
                        + FFM_FEATURE + "; this is " + Runtime.version());
            }
            try {
                return (NativeShim) Class.forName("org.caps4j.internal.FfmBackend")
                        .getDeclaredMethod("open").invoke(null);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    },
    JNA {
        @Override
        NativeShim open() {
            return JnaBackend.open();
        }
    };

    static final String PROPERTY = "caps4j.backend";
    /** The JDK in which the FFM API is final. */
    static final int FFM_FEATURE = 22;

    /** Binds the shim with this backend; throws why it cannot. */
    abstract NativeShim open() throws Throwable;

    /** The backend for a JDK of feature version {@code feature}, or the one {@code override} names. */
    static Backend choose(int feature, String override) {
        if (override != null && !override.isEmpty()) {
            try {
                return valueOf(override.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + override
                        + ": expected ffm or jna", e);
            }
        }
        return feature >= FFM_FEATURE ? FFM : JNA;
    }

    static Backend forThisJvm() {
        return choose(Runtime.version().feature(), System.getProperty(PROPERTY));
    }
}
