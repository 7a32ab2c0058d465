/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.Optional;

/**
 * Whether the native shim can be used in this JVM, and the shim itself, bound by the backend
 * {@link Backend#forThisJvm()} chooses.
 *
 * <p>Discovery degrades gracefully ({@link #unavailabilityCause()}); any operation that needs the
 * kernel calls {@link #shim()}, which throws with the cause instead of returning a default.
 */
public final class Natives {
    static final String NATIVE_ACCESS_HINT = "run java with --enable-native-access=org.caps4j "
            + "(module path) or --enable-native-access=ALL-UNNAMED (class path), or put "
            + "'Enable-Native-Access: ALL-UNNAMED' in the manifest of an executable jar";

    private Natives() {}

    /** The shim, or why there is none: exactly one of the two is set. */
    private static final class Holder {
        static final Backend BACKEND;
        static final NativeShim SHIM;
        static final Throwable CAUSE;

        static {
            Backend backend = null;
            NativeShim shim = null;
            Throwable cause;
            try {
                backend = Backend.forThisJvm();
                shim = open(backend);
                cause = null;
            } catch (ExceptionInInitializerError e) {
                cause = e.getCause() != null ? e.getCause() : e;
            } catch (Throwable e) {
                cause = e;
            }
            BACKEND = backend;
            SHIM = shim;
            CAUSE = cause;
        }

        private static NativeShim open(Backend backend) throws Throwable {
            if (!System.getProperty("os.name", "").equals("Linux")) {
                throw new UnsupportedOperationException("caps4j needs Linux; this is "
                        + System.getProperty("os.name"));
            }
            NativeShim shim = backend.open();
            if (shim == null) {
                throw new IllegalStateException("shim not initialized");
            }
            return shim;
        }
    }

    public static boolean isAvailable() {
        return Holder.CAUSE == null;
    }

    public static Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(Holder.CAUSE);
    }

    /** The backend this JVM chose (also when it then failed to load), or empty if none could be chosen. */
    static Optional<Backend> backend() {
        return Optional.ofNullable(Holder.BACKEND);
    }

    /** The shim, or a {@link KernelFailure} that says why it cannot be used. */
    public static NativeShim shim() {
        Throwable cause = Holder.CAUSE;
        if (cause != null) {
            throw new KernelFailure("load libcaps4j", 0, "",
                    cause.getMessage(), cause);
        }
        return Holder.SHIM;
    }
}
