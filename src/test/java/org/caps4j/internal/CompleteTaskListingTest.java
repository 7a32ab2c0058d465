/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.caps4j.testing.Threads;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: the shim lists {@code /proc/self/task} only when it can prove the listing complete
 * (task_scan.c), the rule that ends a broadcast's sweep. The kernel walks the thread list and
 * stops early where it meets a task that exits (the one it just listed, or the next one); the
 * next read then restarts by position and skips a live task. Before the shim also checked the
 * position after the read, this test caught such a miss. Here threads of random lifetimes (0 to 3 ms) start and exit all the time,
 * so tasks exit in the middle of the list, ahead of live ones: every listing the shim returns
 * must hold every thread that was alive both before and after it was taken.
 */
class CompleteTaskListingTest {
    /** Threads that have started (their tid is in the kernel's list) and not begun to exit. */
    private final Set<Integer> alive = ConcurrentHashMap.newKeySet();

    @Test
    void everyListingHoldsEveryThreadAliveThroughoutIt() throws Exception {
        NativeShim shim = Natives.shim();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> churners = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            churners.add(Threads.daemon("churner-" + c, () -> churn(stop)));
        }
        int proven = 0, unproven = 0, checked = 0;
        List<String> misses = new ArrayList<>();
        int[] tids = new int[4096]; // more than 500 entries: the shim maps its buffer
        long end = System.nanoTime() + 3_000_000_000L;
        try {
            while (System.nanoTime() < end) {
                Set<Integer> before = new HashSet<>(alive);
                int count = shim.listTasks(tids);
                if (count == -Errno.EAGAIN) {
                    unproven++;
                    continue;
                }
                assertTrue(count > 0, "caps4j_list_tasks: " + count);
                before.retainAll(alive); // alive before and after: alive throughout
                Set<Integer> listed = new HashSet<>();
                for (int i = 0; i < count; i++) {
                    listed.add(tids[i]);
                }
                for (int tid : before) {
                    if (!listed.contains(tid) && misses.size() < 5) {
                        misses.add("tid " + tid + " missing from " + count + " listed");
                    }
                }
                checked += before.size();
                proven++;
            }
        } finally {
            stop.set(true);
            for (Thread churner : churners) {
                churner.join();
            }
        }
        System.out.printf("task listings: %d proven complete (%d live threads checked), %d "
                + "gave up (-EAGAIN), missing: %s%n", proven, checked, unproven, misses);
        assertEquals(List.of(), misses);
        assertTrue(proven >= 1000, proven + " listings proven complete in 3 s");
    }

    /** Keeps about 12 threads of random lifetimes going, joining the oldest. */
    private void churn(AtomicBoolean stop) {
        ArrayDeque<Thread> running = new ArrayDeque<>();
        while (!stop.get()) {
            Thread thread = new Thread(this::liveBriefly);
            thread.start();
            running.add(thread);
            if (running.size() >= 12) {
                joinQuietly(running.poll());
            }
        }
        running.forEach(CompleteTaskListingTest::joinQuietly);
    }

    private void liveBriefly() {
        int tid = Natives.shim().gettid();
        alive.add(tid);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(4));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            alive.remove(tid);
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
