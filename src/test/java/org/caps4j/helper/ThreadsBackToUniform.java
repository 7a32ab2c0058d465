/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import org.caps4j.Caps;
import org.caps4j.ThreadCensus;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the helper tests that run a {@link HelperService} inside the test JVM: afterwards every
 * thread of the JVM is back in one state.
 *
 * <p>The test JVM runs as root with every capability effective, but a helper's workers lower
 * their own effective set when they start, and threads they start meanwhile (the launcher's
 * reaper threads, which idle for 30 s) inherit that. Left alone, such a thread makes the next
 * test class that checks this JVM's census (ThreadCensusLiveTest, CensusTest, ...) fail. The
 * repair is the one the library documents: apply the calling thread's state again, which plans
 * every thread that differs; then the census must be uniform.
 */
final class ThreadsBackToUniform implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        restore();
    }

    /** Applies the calling thread's state to every thread until the census is uniform (5 s). */
    static void restore() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (;;) {
            Caps.fromProcess().apply();
            ThreadCensus census = ThreadCensus.take();
            if (census.isUniform()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("threads still differ after the helper test: " + census);
            }
            Thread.sleep(50); // a worker that was shut down may still be starting or ending
        }
    }
}
