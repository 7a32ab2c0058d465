package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.caps4j.CapabilityException;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: the cheap census after a KernelState transaction ({@link StateCensus}) on this JVM,
 * with read-backs made up by the test: it must accept the real, uniform state and catch every
 * kind of difference, by capget (E/P/I), by read-back (bounding/ambient) confirmed against
 * /proc, and for tasks that never answered.
 */
class StateCensusTest {
    private static List<ThreadResult> readBacks(long bounding, long ambient) {
        List<ThreadResult> answers = new ArrayList<>();
        for (int tid : ProcTasks.tids()) {
            answers.add(new ThreadResult(tid, ThreadResult.DONE, -1, 0, 0, 0, 0, 0, bounding,
                    ambient));
        }
        return answers;
    }

    @Test
    void theUniformStateOfThisJvmPasses() {
        KernelState now = KernelState.ofCallingThread();
        assertDoesNotThrow(() -> StateCensus.verify("test", now,
                readBacks(now.bounding(), now.ambient())));
        // No read-back at all: every task is judged from /proc, as the full census does.
        assertDoesNotThrow(() -> StateCensus.verify("test", now, List.of()));
    }

    @Test
    void aWrongReadBackIsCheckedAgainstProcWhichDecides() {
        KernelState now = KernelState.ofCallingThread();
        // Read-backs claim a different bounding set: the tasks are re-read from /proc, where
        // the kernel shows the real one, which is the expected one.
        assertDoesNotThrow(() -> StateCensus.verify("test", now,
                readBacks(now.bounding() ^ 1, now.ambient())));
    }

    @Test
    void everyTaskThatDiffersIsReportedWithItsFields() throws Exception {
        KernelState now = KernelState.ofCallingThread();
        CountDownLatch release = new CountDownLatch(1);
        Thread extra = Thread.ofPlatform().daemon().start(() -> {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // exit
            }
        });
        try {
            int tasks = ProcTasks.tids().length;
            KernelState wrongEffective = now.withCaps(now.effective() ^ (1L << 63),
                    now.permitted(), now.inheritable());
            CapabilityException byCapget = assertThrows(CapabilityException.class,
                    () -> StateCensus.verify("test", wrongEffective,
                            readBacks(now.bounding(), now.ambient())));
            assertTrue(byCapget.getMessage().contains("threads"), byCapget.getMessage());
            assertTrue(byCapget.getMessage().contains("CapEff"), byCapget.getMessage());
            assertTrue(byCapget.getMessage().contains(" of " + tasks)
                    || byCapget.getMessage().contains(" of " + (tasks + 1))
                    || byCapget.getMessage().contains(" of " + (tasks - 1)),
                    byCapget.getMessage());
            KernelState wrongBounding = now.withBounding(now.bounding() ^ 1);
            CapabilityException byReadBack = assertThrows(CapabilityException.class,
                    () -> StateCensus.verify("test", wrongBounding,
                            readBacks(now.bounding(), now.ambient())));
            assertTrue(byReadBack.getMessage().contains("CapBnd"), byReadBack.getMessage());
        } finally {
            release.countDown();
            extra.join();
        }
    }
}
