/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/**
 * The FFM backend's entry point, compiled for release 22 like every {@code Ffm*} class and
 * named by {@link Backend} only after it checked that the JVM is 22 or newer.
 */
final class FfmBackend {
    private FfmBackend() {}

    /**
     * The shim bound through FFM.
     *
     * @throws IllegalCallerException if native access is not enabled, naming the flag
     * @throws LinkageError if the shim cannot be loaded
     */
    static NativeShim open() {
        Module module = FfmBackend.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String who = module.isNamed() ? "module " + module.getName() : "the class path";
            throw new IllegalCallerException("native access is not enabled for " + who + ": "
                    + Natives.NATIVE_ACCESS_HINT);
        }
        return FfmShim.INSTANCE;
    }
}
