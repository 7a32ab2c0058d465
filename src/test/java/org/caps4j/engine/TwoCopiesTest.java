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
import org.caps4j.testing.ProcTasks;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 2 (two copies of caps4j in one JVM crash it): two class loaders each load
 * caps4j and their own shim. After applies in the order A, B, A, a stray {@code kill -33} and
 * glibc's own setresuid broadcast must not crash the JVM (each handler chaining to the other
 * overflows the stack), and both copies applying concurrently for 30 s give 0 failures and a
 * final census where every task agrees.
 */
class TwoCopiesTest {
    @Test
    void twoCopiesCooperateAndSurviveStraySignals() {
        Privileged.requireRoot();
        ChildJvm.Result child = ChildJvm.run(TwoCopiesMain.class, "30");
        String report = "two copies: exit " + child.exitCode() + " " + child.stdout()
                .replace('\n', ' ') + "\n--- stderr\n" + child.stderr();
        System.out.println(report);
        child.assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        assertEquals("0", ChildOutput.get(out, "failures", child), report);
        assertTrue(Long.parseLong(ChildOutput.get(out, "appliesA", child)) > 0, report);
        assertTrue(Long.parseLong(ChildOutput.get(out, "appliesB", child)) > 0, report);
        for (String field : ProcTasks.CAP_FIELDS) {
            ChildOutput.uniformMask(out, "final", field, child);
        }
    }
}
