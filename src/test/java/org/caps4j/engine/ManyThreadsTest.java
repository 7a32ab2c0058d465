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
 * A JVM with about 8,400 threads: more than a broadcast reports on and more than one read of
 * /proc/self/task holds. A thread past the report's end that refuses capset must fail the
 * transaction by name (the census lists the tasks the report left out); without it, both
 * transactions must succeed and reach every thread.
 */
class ManyThreadsTest {
    @Test
    void moreThreadsThanOneReportHoldsAreAllChangedAndVerified() {
        Privileged.requireRoot();
        ChildJvm.Result child = ChildJvm.run(ManyThreadsMain.class, "8400").assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        assertEquals("yes", ChildOutput.get(out, "refused.thrown", child), child.stdout());
        assertEquals("true", ChildOutput.get(out, "refused.named", child), child.stdout());
        assertEquals("1", ChildOutput.get(out, "refused.differ", child), child.stdout());
        for (String label : new String[] {"dropped", "restored"}) {
            int tasks = Integer.parseInt(ChildOutput.get(out, label + ".tasks", child));
            assertTrue(tasks > 8192 + 100, child.stdout());
            assertEquals("0", ChildOutput.get(out, label + ".differ", child), child.stdout());
        }
        System.out.println("many threads: " + child.stdout().replace('\n', ' '));
    }
}
