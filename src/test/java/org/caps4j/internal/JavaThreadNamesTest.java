/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Tier 1: how a Java name becomes the kernel's 15-byte comm. */
class JavaThreadNamesTest {
    @Test
    void shortNamesAreUnchangedAndLongOnesCutAtFifteenBytes() {
        assertEquals("main", JavaThreadNames.commOf("main"));
        assertEquals("exactly-15-byte", JavaThreadNames.commOf("exactly-15-byte"));
        assertEquals("Reference Handl", JavaThreadNames.commOf("Reference Handler"));
        // 'é' is two bytes: "caf\u00e9" is 5 bytes; 14 bytes of x then a cut 'é'
        assertEquals("xxxxxxxxxxxxxx\ufffd", JavaThreadNames.commOf("xxxxxxxxxxxxxx\u00e9"));
        assertEquals("xxxxxxxxxxxxx\u00e9", JavaThreadNames.commOf("xxxxxxxxxxxxx\u00e9tail"));
    }
}
