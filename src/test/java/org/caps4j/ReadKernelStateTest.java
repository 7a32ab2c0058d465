/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Tier 2: the shim's readers agree with what the kernel reports in /proc for this thread. */
class ReadKernelStateTest {
    private static long statusMask(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseUnsignedLong(line.substring(field.length() + 1).strip(), 16);
            }
        }
        throw new AssertionError(field + " not in /proc/thread-self/status");
    }

    @Test
    void capsMatchProcStatus() throws Exception {
        Caps caps = Caps.fromProcess();
        assertEquals(statusMask("CapEff"), caps.effective().mask());
        assertEquals(statusMask("CapPrm"), caps.permitted().mask());
        assertEquals(statusMask("CapInh"), caps.inheritable().mask());
    }

    @Test
    void boundingAndAmbientMatchProcStatus() throws Exception {
        assertEquals(statusMask("CapBnd"), Bounding.read().mask());
        assertEquals(statusMask("CapAmb"), Ambient.read().mask());
    }
}
