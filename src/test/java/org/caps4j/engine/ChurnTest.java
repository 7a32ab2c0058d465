/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * At least 600 verified broadcasts while other threads create and end at least 5,000
 * platform threads and virtual threads park and wake: no thread may ever be missed.
 */
class ChurnTest {
    @Test
    void broadcastsUnderThreadChurnMissNoThread() {
        Privileged.requireRoot();
        ChildJvm.Result child = ChildJvm.run(ChurnMain.class, "600", "5000").assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        int broadcasts = Integer.parseInt(ChildOutput.get(out, "broadcasts", child));
        long threads = Long.parseLong(ChildOutput.get(out, "threadsCreated", child));
        assertTrue(broadcasts >= 600, child.stdout());
        assertTrue(threads >= 5000, child.stdout());
        assertEquals("0", ChildOutput.get(out, "mismatches", child), child.stdout());
        assertEquals("0", ChildOutput.get(out, "ownCensusMismatches", child), child.stdout());
        System.out.println("churn: " + child.stdout().replace('\n', ' '));
    }
}
