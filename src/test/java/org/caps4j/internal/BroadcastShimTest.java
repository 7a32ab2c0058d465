package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The shim's broadcast in this (test) JVM with an empty op list, which changes nothing: it must
 * reach every other task of /proc/self/task, and reject bad arguments with -errno.
 */
class BroadcastShimTest {
    @Test
    void anEmptyTransactionReachesEveryOtherTaskAndChangesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Set<Integer> helperTids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch started = new CountDownLatch(8);
        for (int i = 0; i < 8; i++) {
            Thread.ofPlatform().daemon().start(() -> {
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
        try {
            Set<Integer> before = tids();
            int[] results = new int[ThreadResult.INTS * 4096];
            int[] summary = new int[8];
            int rc = Natives.shim().broadcast(new long[0], new int[0], 10_000, results, summary);
            assertEquals(0, rc);
            assertEquals(-1, summary[0], "the caller's list did not fail");
            assertEquals(0, summary[3], "no thread failed");
            assertEquals(0, summary[5], "none timed out");
            assertTrue(summary[6] >= 2, "at least two sweeps: " + summary[6]);
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < summary[7]; i++) {
                if (results[i * ThreadResult.INTS + 1] == 1) {
                    answered.add(results[i * ThreadResult.INTS]);
                    assertEquals(-1, results[i * ThreadResult.INTS + 2]);
                    assertEquals(0, results[i * ThreadResult.INTS + 3]);
                    // read back by each thread in the handler: same as the caller's here
                    assertEquals(Natives.shim().readSecurebits(),
                            results[i * ThreadResult.INTS + 4], "securebits");
                    assertEquals(Natives.shim().readKeepCaps(),
                            results[i * ThreadResult.INTS + 5], "keep-caps");
                    assertEquals(Natives.shim().readNoNewPrivs(),
                            results[i * ThreadResult.INTS + 6], "no_new_privs");
                    ThreadResult parsed = ThreadResult.parse(
                            java.util.Arrays.copyOfRange(results, i * ThreadResult.INTS,
                                    (i + 1) * ThreadResult.INTS), 1).get(0);
                    assertEquals(0, parsed.masksStatus(), "bounding/ambient read back");
                    assertEquals(KernelState.ofCallingThread().bounding(), parsed.bounding(),
                            "bounding read back in the handler");
                    assertEquals(KernelState.ofCallingThread().ambient(), parsed.ambient(),
                            "ambient read back in the handler");
                }
            }
            assertTrue(answered.containsAll(helperTids), answered + " vs helpers " + helperTids);
            before.remove(Natives.shim().gettid());
            before.retainAll(tids()); // tasks that lived through the broadcast
            assertTrue(answered.containsAll(before), "every task that lived through it answered: "
                    + before + " vs " + answered);
        } finally {
            release.countDown();
        }
    }

    @Test
    void badArgumentsAreRefusedWithErrno() {
        int[] summary = new int[8];
        int[] results = new int[4];
        assertEquals(-Errno.EINVAL, Natives.shim().broadcast(new long[0], new int[0], 0,
                results, summary), "timeout must be positive");
        long[] unknown = OpList.builder().capset(0, 0, 0).build().toArray();
        unknown[0] = 12345; // no such op kind
        int[] step = {0};
        assertEquals(-Errno.EINVAL, Natives.shim().runOps(unknown, step));
        assertEquals(0, step[0]);
    }

    private static Set<Integer> tids() {
        Set<Integer> tids = new HashSet<>();
        for (String name : new File("/proc/self/task").list()) {
            tids.add(Integer.parseInt(name));
        }
        return tids;
    }
}
