/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Tier 1/2: the user-namespace test on sample uid_maps, and on this process. */
class ProcTasksTest {
    @Test
    void onlyTheIdentityOverAllIdsIsTheInitialNamespace() {
        assertTrue(ProcTasks.isInitialUidMap("         0          0 4294967295\n"));
        assertTrue(ProcTasks.isInitialUidMap("0\t0\t4294967295"));
        assertFalse(ProcTasks.isInitialUidMap("         0          0          1\n"));
        assertFalse(ProcTasks.isInitialUidMap("         0       1000 4294967295\n"));
        assertFalse(ProcTasks.isInitialUidMap("         0          0 4294967295\n"
                + "         1          1          1\n"));
        assertFalse(ProcTasks.isInitialUidMap(""));
    }

    @Test
    void agreesWithThisProcessUidMap() throws Exception {
        String map = Files.readString(ProcTasks.UID_MAP);
        boolean expected = map.strip().replaceAll("\\s+", " ").equals("0 0 4294967295");
        assertEquals(expected, ProcTasks.inInitialUserNamespace());
    }
}
