/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.caps4j.internal.Natives;
import org.caps4j.testing.KernelStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tier 2: a census of the test JVM itself, compared with /proc and with capget/prctl. */
class ThreadCensusLiveTest {
    private static final long SELF = ProcessHandle.current().pid();

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void stopThreads() throws InterruptedException {
        release.countDown();
        for (Thread thread : started) {
            thread.join();
        }
    }

    /** Starts parked threads with these names; returns their tids once all are running. */
    private int[] startThreads(String... names) throws InterruptedException {
        AtomicIntegerArray tids = new AtomicIntegerArray(names.length);
        CountDownLatch running = new CountDownLatch(names.length);
        for (int i = 0; i < names.length; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                tids.set(index, Natives.shim().gettid());
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, names[i]);
            started.add(thread);
            thread.start();
        }
        running.await();
        int[] result = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            result[i] = tids.get(i);
        }
        return result;
    }

    @Test
    void coversEveryTaskTheKernelListsAroundIt() throws Exception {
        int[] ours = startThreads("census-a", "census-b", "census-c");
        TreeSet<Long> before = KernelStatus.tids(SELF);
        ThreadCensus census = ThreadCensus.take();
        TreeSet<Long> after = KernelStatus.tids(SELF);

        Set<Long> seen = new TreeSet<>();
        census.tasks().forEach(task -> seen.add((long) task.tid()));
        // A task alive before and after the census was alive during it (the JVM may start or
        // end compiler threads meanwhile, so the other tasks are not compared).
        Set<Long> stable = new TreeSet<>(before);
        stable.retainAll(after);
        assertTrue(seen.containsAll(stable), "census " + seen + " misses some of " + stable);
        for (int tid : ours) {
            assertTrue(seen.contains((long) tid), "census misses our thread " + tid);
        }
        assertTrue(seen.contains((long) Natives.shim().gettid()), "census misses this thread");
        Set<Long> everSeen = new TreeSet<>(before);
        everSeen.addAll(after);
        assertTrue(census.size() <= everSeen.size() + 4 && census.size() >= stable.size(),
                "census size " + census.size() + ", kernel listed " + before.size() + " then "
                        + after.size());
        assertEquals(census.tasks().stream().map(TaskCredentials::tid).sorted().toList(),
                census.tasks().stream().map(TaskCredentials::tid).toList(), "sorted by tid");
    }

    @Test
    void everyTaskMatchesItsStatusFile() {
        ThreadCensus census = ThreadCensus.take();
        int compared = 0;
        for (TaskCredentials task : census.tasks()) {
            var status = KernelStatus.of(SELF, task.tid());
            if (status.isEmpty()) {
                continue; // exited since
            }
            Map<String, String> kernel = status.get();
            assertEquals(KernelStatus.mask(kernel, "CapEff"), task.caps().effective().mask());
            assertEquals(KernelStatus.mask(kernel, "CapPrm"), task.caps().permitted().mask());
            assertEquals(KernelStatus.mask(kernel, "CapInh"), task.caps().inheritable().mask());
            assertEquals(KernelStatus.mask(kernel, "CapBnd"), task.bounding().mask());
            assertEquals(KernelStatus.mask(kernel, "CapAmb"), task.ambient().mask());
            assertEquals(kernel.get("NoNewPrivs"), task.noNewPrivs() ? "1" : "0");
            assertEquals(kernel.get("Uid"), ids(task.uids()));
            assertEquals(kernel.get("Gid"), ids(task.gids()));
            compared++;
        }
        assertTrue(compared >= 2, "compared only " + compared + " tasks");
    }

    @Test
    void theCallingThreadAgreesWithCapgetAndPrctl() {
        TaskCredentials self = ThreadCensus.take().task(Natives.shim().gettid()).orElseThrow();
        assertEquals(Caps.fromProcess(), self.caps());
        assertEquals(Bounding.read(), self.bounding());
        assertEquals(Ambient.read(), self.ambient());
        assertEquals(NoNewPrivs.isSet(), self.noNewPrivs());
    }

    @Test
    void theTestJvmIsUniform() {
        ThreadCensus census = ThreadCensus.take();
        assertTrue(census.isUniform(), census::toString);
        assertTrue(census.toString().startsWith(census.size() + " threads, all identical: "),
                census.toString());
        assertTrue(census.size() > 5, "a JVM has GC, compiler and reference threads: " + census);
    }

    @Test
    void startedThreadsAppearWithTheirJavaNames() throws Exception {
        // 30 bytes: the kernel keeps 15 ("census-long-nam"); the census restores the rest.
        String longName = "census-long-name-of-a-thread-1";
        // Two threads whose names share the first 15 bytes: no unique owner, comm is kept.
        String twinA = "census-twin-name-A";
        String twinB = "census-twin-name-B";
        int[] tids = startThreads("cs-short", longName, twinA, twinB, "rename-me-before");
        Thread renamed = started.get(4);
        renamed.setName("renamed-by-another-thread"); // HotSpot leaves the old comm

        ThreadCensus census = ThreadCensus.take();
        assertEquals("cs-short", census.task(tids[0]).orElseThrow().name());
        assertEquals(longName, census.task(tids[1]).orElseThrow().name());
        assertEquals("census-twin-nam", census.task(tids[2]).orElseThrow().name());
        assertEquals("census-twin-nam", census.task(tids[3]).orElseThrow().name());
        assertEquals("rename-me-befor", census.task(tids[4]).orElseThrow().name());
    }

    @Test
    void aCommSharedByTwoTasksIsNeverAttributedToOneJavaThread() throws Exception {
        // Both tasks have comm "census-dup-lon"; only one live Java name still produces it
        // (the other was renamed from outside, which leaves its comm). Naming both tasks
        // after the one Java thread would be wrong for one of them.
        int[] tids = startThreads("census-dup-long-name-X", "census-dup-long-name-Y");
        started.get(1).setName("moved-away");
        ThreadCensus census = ThreadCensus.take();
        assertEquals("census-dup-long", census.task(tids[0]).orElseThrow().name());
        assertEquals("census-dup-long", census.task(tids[1]).orElseThrow().name());
    }

    private static String ids(TaskCredentials.Ids ids) {
        return ids.real() + " " + ids.effective() + " " + ids.saved() + " " + ids.filesystem();
    }
}
