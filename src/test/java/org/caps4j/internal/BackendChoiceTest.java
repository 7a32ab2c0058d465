/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Which binding of the shim a JVM uses; the build runs the suite once per backend. */
class BackendChoiceTest {
    /**
     * The build names the backend each test pass must use (caps4j.test.backend): without this,
     * both passes could quietly run FFM (a JDK >= 22 for both) and JNA would go untested.
     */
    @Test
    void thisTestPassUsesTheBackendTheBuildAskedFor() {
        String expected = System.getProperty("caps4j.test.backend");
        assertNotNull(expected, "run by the build, which sets -Dcaps4j.test.backend=jna|ffm");
        assertEquals(expected.toUpperCase(Locale.ROOT),
                Natives.backend().orElseThrow().name(), "on " + Runtime.version());
        assertTrue(Natives.isAvailable(), () -> "unavailable: " + Natives.unavailabilityCause());
    }

    @Test
    void ffmFromJdk22AndJnaBefore() {
        assertEquals(Backend.JNA, Backend.choose(17, null));
        assertEquals(Backend.JNA, Backend.choose(21, null));
        assertEquals(Backend.FFM, Backend.choose(22, null));
        assertEquals(Backend.FFM, Backend.choose(25, ""));
        assertEquals(Backend.JNA, Backend.choose(25, "jna"));
        assertEquals(Backend.FFM, Backend.choose(17, "FFM"));
        assertThrows(IllegalArgumentException.class, () -> Backend.choose(25, "jni"));
    }
}
