/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 6 (timeout and failure messages name tids only): when a Java thread named
 * {@value StuckThreadMain#WORKER} and a native pthread never answer a broadcast, the message
 * names each with its tid and label ({@code tid 4711 "caps4j-stuck-worker"}, "native" for the
 * thread the JVM did not create), says they were not changed while others were, and what the
 * user can do (apply again). Checked piece by piece, case-insensitively.
 */
class FailureMessageTest {
    @Test
    void timeoutMessageNamesTheThreadsWhatChangedAndWhatToDo(@TempDir Path dir) {
        Privileged.requireRoot();
        StuckThreads.Outcome run = StuckThreads.run(dir);
        String report = run.report();
        assertTrue(run.firstThrew(), "the apply with stopped threads must fail; " + report);
        String message = run.firstMessage().toLowerCase(Locale.ROOT);
        assertLabelled(message, run.javaTid(), StuckThreadMain.WORKER, report);
        assertLabelled(message, run.nativeTid(), "native", report);
        assertTrue(message.contains("not changed"),
                "says which threads were not changed; " + report);
        assertTrue(message.replace("not changed", "").contains("changed"),
                "says which threads were changed (a count or a list); " + report);
        assertTrue(message.contains("apply"), "says what to do (apply again); " + report);
    }

    /** {@code tid N} followed closely by {@code label}, e.g. {@code tid 4711 "caps4j-stuck-worker"}. */
    private static void assertLabelled(String message, int tid, String label, String report) {
        String tidText = "tid " + tid;
        int at = message.indexOf(tidText);
        assertTrue(at >= 0, "names " + tidText + "; " + report);
        String after = message.substring(at + tidText.length(),
                Math.min(message.length(), at + tidText.length() + 8 + label.length()));
        assertTrue(after.contains(label), tidText + " is labelled " + label + " (got '"
                + after + "'); " + report);
    }
}
