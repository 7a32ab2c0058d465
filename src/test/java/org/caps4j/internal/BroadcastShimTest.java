/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import org.caps4j.testing.Threads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shim's broadcast in this (test) JVM with transactions that change nothing: it must
 * reach every other task of /proc/self/task, report per thread whether it ran the list and
 * what still differs, signal only the given tids when asked, and reject malformed
 * transactions with -errno before any system call.
 */
class BroadcastShimTest {
    private static final int HELPERS = 8, TIMEOUT = 10_000, E2BIG = 7;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Set<Integer> helperTids = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startHelpers() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(HELPERS);
        for (int i = 0; i < HELPERS; i++) {
            Threads.daemon("shim-helper-" + i, () -> {
                helperTids.add(Natives.shim().gettid());
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // exit
                }
            });
        }
        started.await();
    }

    @AfterEach
    void stopHelpers() {
        release.countDown();
    }

    /** The calling thread's whole state as the target, every field compared: a no-op. */
    private static Transaction probe() {
        long all = KernelUniverse.allMask();
        return new Transaction(Fields.ALL, all, all, CredentialState.ofCallingThread(),
                OpList.builder().build());
    }

    @Test
    void aTransactionToTheCurrentStateReachesEveryOtherTaskAndChangesNothing() {
        Set<Integer> before = tids();
        CredentialState state = CredentialState.ofCallingThread();
        BroadcastReport report = Natives.shim().broadcast(probe(), new int[0], TIMEOUT);
        assertEquals(0, report.result());
        assertEquals(-1, report.callerStep(), "the caller's list did not fail");
        assertEquals(0, report.failed(), "no thread failed");
        assertEquals(0, report.timedOut(), "none timed out");
        assertEquals(0, report.mismatched(), "every thread reads back the caller's state");
        assertEquals(0, report.ran(), "every thread was at the target and skipped the list");
        // No task ran the list: one listing proven complete ends the sweep, or two quiet
        // sweeps in a row when a listing could not be proven complete (a task exited then).
        assertTrue(report.sweeps() == 1 || report.sweeps() == 2, "sweeps: " + report.sweeps());
        Set<Integer> answered = new HashSet<>();
        for (ThreadOutcome outcome : report.threads()) {
            if (outcome.answered()) {
                answered.add(outcome.tid());
                assertTrue(outcome.reachedTarget(), outcome.toString());
                assertFalse(outcome.ran(), outcome.toString());
                assertEquals(-1, outcome.step());
                assertEquals(state.securebits(), outcome.securebits(),
                        "securebits read back in the handler");
            }
        }
        assertTrue(answered.containsAll(helperTids), answered + " vs helpers " + helperTids);
        assertFalse(answered.contains(Natives.shim().gettid()), "the caller is not signalled");
        before.remove(Natives.shim().gettid());
        before.retainAll(tids()); // tasks that lived through the broadcast
        assertTrue(answered.containsAll(before), "every task that lived through it answered: "
                + before + " vs " + answered);
        assertEquals(state, CredentialState.ofCallingThread());
    }

    /**
     * A target that differs in the securebits word from every thread: each runs the list (one
     * harmless PR_SET_KEEPCAPS to the value it has) and reports the field that still differs
     * and the securebits it read back.
     */
    @Test
    void threadsThatDifferRunTheListAndReportWhatStillDiffers() {
        CredentialState state = CredentialState.ofCallingThread();
        int unreachable = state.securebits() ^ 1; // SECBIT_NOROOT flipped, never applied
        Transaction txn = new Transaction(Fields.SECUREBITS, 0, 0,
                state.withSecurebits(unreachable),
                OpList.builder().keepCaps(state.keepCaps()).build());
        BroadcastReport report = Natives.shim().broadcast(txn, new int[0], TIMEOUT);
        assertEquals(0, report.result());
        assertEquals(-1, report.callerStep());
        Map<Integer, ThreadOutcome> byTid = byTid(report);
        for (int tid : helperTids) {
            ThreadOutcome outcome = byTid.get(tid);
            assertTrue(outcome != null && outcome.answered() && outcome.ran(), "" + outcome);
            assertEquals(0, outcome.errno());
            assertEquals(Fields.SECUREBITS, outcome.mismatched(), outcome.toString());
            assertEquals(state.securebits(), outcome.securebits());
        }
        assertTrue(report.mismatched() >= HELPERS, "mismatched " + report.mismatched());
        assertEquals(state, CredentialState.ofCallingThread(), "nothing changed");
    }

    @Test
    void onlyTheGivenTidsAreSignalledAndTheCallerDoesNotRunTheList() {
        int[] two = helperTids.stream().limit(2).mapToInt(Integer::intValue).toArray();
        BroadcastReport report = Natives.shim().broadcast(probe(), two, TIMEOUT);
        assertEquals(0, report.result());
        assertEquals(-1, report.callerStep());
        assertEquals(2, report.signalled());
        Set<Integer> answered = new HashSet<>();
        report.threads().stream().filter(ThreadOutcome::answered)
                .forEach(outcome -> answered.add(outcome.tid()));
        assertEquals(Set.of(two[0], two[1]), answered);
    }

    @Test
    void badArgumentsAreRefusedWithErrno() {
        assertEquals(-Errno.EINVAL, Natives.shim().broadcast(probe(), new int[0], 0).result(),
                "timeout must be positive");
        CredentialState state = CredentialState.ofCallingThread();
        Transaction valid = new Transaction(Fields.CAPS, 0, 0, state, OpList.builder()
                .capset(state.effective(), state.permitted(), state.inheritable()).build());
        assertEquals(0, RawShim.run(valid, txn -> { }), "the unpatched transaction runs");
        assertEquals(-Errno.EINVAL, RawShim.run(valid, txn -> txn.putInt(
                RawShim.OPS, 12345)), "no such op kind");
        Transaction nnp = new Transaction(Fields.NO_NEW_PRIVS, 0, 0, state,
                OpList.builder().noNewPrivs().build());
        assertEquals(-Errno.EINVAL, RawShim.run(nnp, txn -> txn.putLong(
                RawShim.OPS + 8, 0)), "no_new_privs can only be set");
        Transaction groups = new Transaction(Fields.GROUPS, 0, 0, state,
                OpList.builder().setgroups().build());
        assertEquals(-E2BIG, RawShim.run(groups, txn -> txn.putInt(
                RawShim.GROUP_COUNT, OpList.MAX_GROUPS + 1)), "above CAPS4J_MAX_GROUPS");
        assertEquals(-E2BIG, RawShim.run(valid, txn -> txn.putInt( 4,
                OpList.MAX_OPS + 1)), "above CAPS4J_MAX_OPS");
        assertEquals(-Errno.EINVAL, RawShim.run(valid, txn -> txn.putInt( 4, -1)),
                "negative op count");
        assertEquals(state, CredentialState.ofCallingThread(), "nothing changed");
    }

    /**
     * caps4j_run called directly on an encoded transaction the test may corrupt (the binding
     * never sends such bytes). Links the built shim by path: a second copy in this JVM,
     * harmless because caps4j_run installs nothing and signals no one.
     */
    private static final class RawShim {
        static final int OPS = 24 + ShimStructs.STATE_BYTES, GROUP_COUNT = 24 + 72;
        // int32_t caps4j_run(const struct caps4j_transaction *txn, int32_t *failed_step);
        static final Function caps4j_run = NativeLibrary.getInstance(
                Path.of("target", "classes", NativeLibraryLoader.resourceName())
                        .toAbsolutePath().toString(),
                Map.of(Library.OPTION_OPEN_FLAGS, 2 /* RTLD_NOW | RTLD_LOCAL */))
                .getFunction("caps4j_run");

        /** Encodes {@code txn}, lets {@code patch} corrupt it and runs it (failed step -1 or 0). */
        static int run(Transaction txn, Consumer<ByteBuffer> patch) {
            byte[] encoded = new byte[ShimStructs.TRANSACTION_BYTES];
            ShimStructs.encode(txn, ByteBuffer.wrap(encoded));
            patch.accept(ByteBuffer.wrap(encoded).order(ByteOrder.nativeOrder()));
            int[] step = new int[1];
            int rc = caps4j_run.invokeInt(new Object[] {encoded, step});
            int failed = step[0];
            assertTrue(rc == 0 ? failed == -1 : failed <= 0, "failed step " + failed);
            return rc;
        }
    }

    private static Map<Integer, ThreadOutcome> byTid(BroadcastReport report) {
        Map<Integer, ThreadOutcome> map = new HashMap<>();
        report.threads().forEach(outcome -> map.put(outcome.tid(), outcome));
        return map;
    }

    private static Set<Integer> tids() {
        Set<Integer> tids = new HashSet<>();
        for (String name : new File("/proc/self/task").list()) {
            tids.add(Integer.parseInt(name));
        }
        return tids;
    }
}
