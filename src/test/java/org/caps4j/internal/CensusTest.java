/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import org.caps4j.testing.Threads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.caps4j.CapabilityException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: the verification after a broadcast ({@link Census}) and its report
 * ({@link FailureReport}) on this JVM, with thread outcomes made up by the test. The census
 * must accept the real, uniform state and catch every kind of difference: the calling
 * thread's E/P/I by capget, a read-back that differs but is confirmed or refuted by /proc,
 * securebits that only the read-back shows, tasks that never answered, and, after a sweep that
 * ended early, tasks it never reached; the report names each thread.
 */
class CensusTest {
    private static final Scope CAPS_AND_SETS = Scope.CAPS.and(Scope.bounding(
            KernelUniverse.allMask())).and(Scope.ambient(KernelUniverse.allMask()));
    private final CountDownLatch release = new CountDownLatch(1);
    private Thread extra;
    private int extraTid;

    /** A thread with a known Java name, so the report can be checked for it. */
    @BeforeEach
    void startExtraThread() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        int[] tid = new int[1];
        extra = Threads.daemon("census-extra", () -> {
            tid[0] = Natives.shim().gettid();
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // exit
            }
        });
        started.await();
        extraTid = tid[0];
    }

    @AfterEach
    void stopExtraThread() throws InterruptedException {
        release.countDown();
        extra.join();
    }

    private static Transaction txn(CredentialState expected, int fields) {
        long all = KernelUniverse.allMask();
        return new Transaction(fields, all, all, expected, OpList.builder().build());
    }

    /** Every task answered, ran nothing, and read back {@code mismatched}. */
    private static Map<Integer, ThreadOutcome> outcomes(int mismatched, int securebits) {
        Map<Integer, ThreadOutcome> outcomes = new HashMap<>();
        for (int tid : ProcTasks.tids()) {
            outcomes.put(tid, new ThreadOutcome(tid, ThreadOutcome.State.DONE, false, -1, 0,
                    mismatched, securebits));
        }
        return outcomes;
    }

    @Test
    void theUniformStateOfThisJvmPasses() {
        CredentialState now = CredentialState.ofCallingThread();
        int fields = CAPS_AND_SETS.fields();
        assertEquals(List.of(), Census.take(txn(now, fields), now, outcomes(0, -1), true)
                .stragglers());
        // A sweep that reached no task: every task is listed and judged from /proc.
        assertEquals(List.of(), Census.take(txn(now, Fields.ALL & ~Fields.SECUREBITS), now,
                Map.of(), false).stragglers());
    }

    @Test
    void aReadBackThatDiffersIsCheckedAgainstProcWhichDecides() {
        CredentialState now = CredentialState.ofCallingThread();
        // Read-backs claim a different bounding set: the tasks are re-read from /proc, where
        // the kernel shows the real one, which is the expected one.
        assertEquals(List.of(), Census.take(txn(now, CAPS_AND_SETS.fields()), now,
                outcomes(Fields.BOUNDING, -1), true).stragglers());
    }

    @Test
    void securebitsOnlyTheReadBackShowsMakeAStraggler() {
        CredentialState now = CredentialState.ofCallingThread();
        int wrong = now.securebits() ^ CredentialState.KEEP_CAPS;
        Census.Result result = Census.take(txn(now, Fields.SECUREBITS), now,
                outcomes(Fields.SECUREBITS, wrong), true);
        Census.Straggler straggler = result.stragglers().stream()
                .filter(s -> s.tid() == extraTid).findFirst().orElseThrow();
        assertTrue(straggler.differences().contains("securebits 0x"
                + Integer.toHexString(wrong)), straggler.differences());
    }

    @Test
    void everyTaskThatDiffersIsReportedWithItsFieldsAndItsJavaName() {
        CredentialState now = CredentialState.ofCallingThread();
        int tasks = ProcTasks.tids().length;
        CredentialState wrongEffective = now.withCaps(now.effective() ^ (1L << 40),
                now.permitted(), now.inheritable());
        // Each thread's read-back says its E differs (as a handler that read it would): /proc
        // confirms it for every task, and the calling thread's own capget does too.
        Census.Result byReadBack = Census.take(txn(wrongEffective, Fields.CAPS), wrongEffective,
                outcomes(Fields.CAPS, -1), true);
        assertTrue(Math.abs(byReadBack.stragglers().size() - tasks) <= 1,
                byReadBack.stragglers().size() + " stragglers of " + tasks);
        byReadBack.stragglers().forEach(s -> assertTrue(s.differences().contains("CapEff"),
                s.toString()));
        KernelFailure report = FailureReport.of("test", tid -> OpList.builder().build(),
                report(byReadBack), byReadBack);
        assertTrue(report.getMessage().contains("on " + byReadBack.stragglers().size() + " of "
                + byReadBack.tasks() + " threads") && report.getMessage().contains("and "
                + (byReadBack.stragglers().size() - 12) + " more"), report.getMessage());

        CredentialState wrongBounding = now.withBounding(now.bounding() ^ 1);
        Census.Result byProc = Census.take(txn(wrongBounding, CAPS_AND_SETS.fields()),
                wrongBounding, outcomes(Fields.BOUNDING, -1), true);
        assertTrue(byProc.stragglers().stream().anyMatch(s -> s.tid() == extraTid
                && s.differences().contains("CapBnd")), byProc.toString());
    }

    @Test
    void aTaskThatNeverAnsweredIsAStragglerEvenInTheRightState() {
        CredentialState now = CredentialState.ofCallingThread();
        Map<Integer, ThreadOutcome> outcomes = outcomes(0, -1);
        outcomes.put(extraTid, new ThreadOutcome(extraTid, ThreadOutcome.State.PENDING, false,
                -1, 110, 0, -1));
        Census.Result result = Census.take(txn(now, Fields.CAPS), now, outcomes, false);
        assertEquals(List.of(extraTid), result.stragglers().stream().map(Census.Straggler::tid)
                .toList());
        String message = FailureReport.of("test", tid -> OpList.builder().build(), report(result),
                result).getMessage();
        assertTrue(message.contains("on 1 of " + result.tasks() + " threads") && message
                .contains("tid " + extraTid + " \"census-extra\" (never answered, not changed"),
                message);
    }

    @Test
    void aSweepThatEndedEarlyHasEveryTaskItNeverReachedCheckedFromProc() {
        CredentialState now = CredentialState.ofCallingThread();
        CredentialState wrongEffective = now.withCaps(now.effective() ^ (1L << 40),
                now.permitted(), now.inheritable());
        Map<Integer, ThreadOutcome> onlyOthers = outcomes(0, -1);
        onlyOthers.remove(extraTid);
        Census.Result result = Census.take(txn(wrongEffective, Fields.CAPS), wrongEffective,
                onlyOthers, false);
        assertTrue(result.stragglers().stream().anyMatch(s -> s.tid() == extraTid
                && s.outcome().isEmpty() && s.differences().contains("CapEff")),
                result.toString());
        // After a complete sweep the broadcast's own table is the list of tasks.
        assertTrue(Census.take(txn(wrongEffective, Fields.CAPS), wrongEffective, onlyOthers,
                true).stragglers().stream().noneMatch(s -> s.tid() == extraTid));
    }

    private static BroadcastReport report(Census.Result census) {
        return new BroadcastReport(0, -1, 0, census.tasks(), 0, 0, 0, 0, 0, 0, 2, 0,
                census.stragglers().stream().flatMap(s -> s.outcome().stream()).toList());
    }
}
