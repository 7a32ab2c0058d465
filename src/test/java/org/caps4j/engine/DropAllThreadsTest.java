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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** L1 and L3 in one fresh child JVM running as root (see {@link DropAllThreadsMain}). */
class DropAllThreadsTest {
    private static final String ZERO = "0000000000000000";
    private static ChildJvm.Result child;
    private static Map<String, String> out;

    @BeforeAll
    static void runChild() {
        Privileged.requireRoot();
        child = ChildJvm.run(DropAllThreadsMain.class).assertSuccess();
        out = ChildOutput.parse(child);
    }

    private static String get(String key) {
        return ChildOutput.get(out, key, child);
    }

    private static int tasks(String label) {
        return Integer.parseInt(get("census." + label + ".tasks"));
    }

    @Test
    void beforeTheDropEveryThreadHoldsTheAmbientCapsAndWorkersCanUseThem() {
        int tasks = tasks("before");
        assertTrue(tasks >= 15, "a JVM has many threads: " + tasks);
        assertEquals("0000000000002400x" + tasks, get("census.before.CapAmb"), child.stdout());
        assertEquals("4", get("poolSize"));
        assertEquals("ok", get("before.worker.bind80"), "precondition: root can bind :80");
        assertEquals("ok", get("before.worker.raw"));
    }

    @Test
    void l1DroppingAllCapsReachesEveryThreadIncludingPoolWorkers() {
        int tasks = tasks("after");
        for (String field : new String[] {"CapEff", "CapPrm", "CapInh", "CapAmb"}) {
            assertEquals(ZERO + "x" + tasks, get("census.after." + field),
                    field + " on every task\n" + child.stdout());
        }
        assertTrue(get("after.worker.bind80").contains("Permission_denied"),
                get("after.worker.bind80"));
        assertEquals("errno1", get("after.worker.raw"), "EPERM for a raw socket");
        assertTrue(get("after.main.bind80").contains("Permission_denied"));
    }

    @Test
    void l3ThreadsCreatedAfterTheDropInheritIt() {
        String expected = ZERO + "/" + ZERO + "/";
        for (String label : new String[] {"newThread", "forkJoin", "afterGc", "freshPool"}) {
            String status = get("l3." + label);
            assertTrue(status.startsWith(expected), label + ": " + status);
            assertTrue(status.contains("Permission_denied") && status.endsWith("/errno1"),
                    label + ": " + status);
        }
        int tasks = tasks("l3");
        assertEquals(ZERO + "x" + tasks, get("census.l3.CapEff"));
        assertEquals(ZERO + "x" + tasks, get("census.l3.CapPrm"));
    }
}
