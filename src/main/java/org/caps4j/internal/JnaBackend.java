/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/**
 * The JNA backend's entry point (JDK 17 to 21). JNA is an optional dependency of caps4j: before
 * any class that links against it is touched, this checks that it is there and says exactly
 * what to add if it is not.
 */
final class JnaBackend {
    /** The JNA caps4j is built and tested with; older 5.x releases work too. */
    static final String JNA_COORDINATES = "net.java.dev.jna:jna:5.19.1";

    private JnaBackend() {}

    /**
     * The shim bound through JNA.
     *
     * @throws UnsupportedOperationException if JNA is not on the class path, naming it
     * @throws UnsatisfiedLinkError if the shim or JNA's own library cannot be loaded safely
     */
    static NativeShim open() {
        Class<?> nativeClass;
        try {
            nativeClass = Class.forName("com.sun.jna.Native", false,
                    JnaBackend.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UnsupportedOperationException("on JDK " + Runtime.version().feature()
                    + " caps4j needs JNA: add the dependency " + JNA_COORDINATES
                    + " (Maven: <groupId>net.java.dev.jna</groupId><artifactId>jna</artifactId>"
                    + "<version>5.19.1</version>), or put jna-5.19.1.jar on the class path "
                    + "(module path: also --add-modules com.sun.jna); on JDK "
                    + Backend.FFM_FEATURE + " and newer caps4j needs nothing else", e);
        }
        // caps4j as a named module reads JNA only if JNA was resolved as a module; one on the
        // class path is read on request (a module may add reads edges for itself).
        Module self = JnaBackend.class.getModule();
        if (!self.canRead(nativeClass.getModule())) {
            self.addReads(nativeClass.getModule());
        }
        JnaDispatchTrust.check();
        return JnaShim.INSTANCE;
    }
}
