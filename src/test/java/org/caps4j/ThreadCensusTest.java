/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tier 1: majority, differing tasks and the summary text, on hand-made records. */
class ThreadCensusTest {
    private static final TaskCredentials.Ids ROOT = new TaskCredentials.Ids(0, 0, 0, 0);
    private static final TaskCredentials.Ids NOBODY =
            new TaskCredentials.Ids(65534, 65534, 65534, 65534);
    private static final long FULL = 0x1fffeffffffL;

    private static TaskCredentials root(int tid, String name) {
        return new TaskCredentials(tid, name,
                Caps.of(CapabilitySet.fromMask(FULL), CapabilitySet.fromMask(FULL),
                        CapabilitySet.empty()),
                CapabilitySet.fromMask(FULL), CapabilitySet.empty(), false, ROOT, ROOT);
    }

    private static List<TaskCredentials> rootTasks(int count) {
        List<TaskCredentials> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(root(100 + i, "t" + i));
        }
        return tasks;
    }

    @Test
    void uniformCensusSaysSoWithTheSharedValues() {
        ThreadCensus census = ThreadCensus.of(rootTasks(41), true);
        assertTrue(census.isUniform());
        assertEquals(List.of(), census.differing());
        assertEquals(41, census.size());
        assertEquals("41 threads, all identical: Uid 0 0 0 0, Gid 0 0 0 0, "
                + "CapInh 0000000000000000, CapPrm 000001fffeffffff, CapEff 000001fffeffffff, "
                + "CapBnd 000001fffeffffff, CapAmb 0000000000000000, NoNewPrivs 0 "
                + "(initial user namespace)", census.toString());
    }

    @Test
    void namesTheTasksThatDifferWithOnlyTheirDifferingFields() {
        List<TaskCredentials> tasks = rootTasks(5);
        TaskCredentials dropped = tasks.get(3);
        tasks.set(3, new TaskCredentials(dropped.tid(), "pool-1-thread-1",
                dropped.caps().with(Flag.EFFECTIVE, CapabilitySet.empty()), dropped.bounding(),
                dropped.ambient(), dropped.noNewPrivs(), dropped.uids(), dropped.gids()));
        TaskCredentials other = tasks.get(1);
        tasks.set(1, new TaskCredentials(other.tid(), "worker", other.caps(), other.bounding(),
                CapabilitySet.of(Capability.NET_BIND_SERVICE), true, NOBODY, other.gids()));

        ThreadCensus census = ThreadCensus.of(tasks, false);
        assertFalse(census.isUniform());
        assertEquals(List.of(101, 103), census.differing().stream().map(TaskCredentials::tid).toList());
        assertEquals(100, census.majority().tid());
        assertEquals("5 threads, 2 differ from the other 3: Uid 0 0 0 0, Gid 0 0 0 0, "
                + "CapInh 0000000000000000, CapPrm 000001fffeffffff, CapEff 000001fffeffffff, "
                + "CapBnd 000001fffeffffff, CapAmb 0000000000000000, NoNewPrivs 0 "
                + "(child user namespace)\n"
                + "  tid 101 \"worker\": Uid 65534 65534 65534 65534, "
                + "CapAmb 0000000000000400, NoNewPrivs 1\n"
                + "  tid 103 \"pool-1-thread-1\": CapEff 0000000000000000", census.toString());
    }

    @Test
    void majorityIsTheLargestGroupAndTiesGoToTheLowestTid() {
        List<TaskCredentials> tasks = rootTasks(4);
        TaskCredentials first = tasks.get(0);
        TaskCredentials changed = new TaskCredentials(first.tid(), first.name(), Caps.empty(),
                first.bounding(), first.ambient(), false, ROOT, ROOT);
        tasks.set(0, changed);
        // 1 changed vs 3 unchanged: the unchanged three win although tid 100 comes first
        ThreadCensus three = ThreadCensus.of(tasks, true);
        assertEquals(101, three.majority().tid());
        assertEquals(List.of(changed), three.differing());
        assertTrue(three.toString().startsWith("4 threads, 1 differs from the other 3: "));

        // 2 vs 2: the group holding tid 100 wins
        tasks.set(1, new TaskCredentials(101, "x", changed.caps(), changed.bounding(),
                changed.ambient(), changed.noNewPrivs(), changed.uids(), changed.gids()));
        ThreadCensus tie = ThreadCensus.of(tasks, true);
        assertEquals(100, tie.majority().tid());
        assertEquals(List.of(102, 103), tie.differing().stream().map(TaskCredentials::tid).toList());
    }

    @Test
    void tasksAreSortedAndFoundByTid() {
        List<TaskCredentials> tasks = new ArrayList<>(rootTasks(6));
        Collections.reverse(tasks);
        ThreadCensus census = ThreadCensus.of(tasks, true);
        assertEquals(List.of(100, 101, 102, 103, 104, 105),
                census.tasks().stream().map(TaskCredentials::tid).toList());
        assertEquals("t4", census.task(104).orElseThrow().name());
        assertTrue(census.task(99).isEmpty());
        assertTrue(census.task(106).isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> census.tasks().clear());
    }

    @Test
    void aCensusHasAtLeastOneTask() {
        assertThrows(IllegalArgumentException.class, () -> ThreadCensus.of(List.of(), true));
        assertEquals("1 thread, all identical: ", ThreadCensus.of(rootTasks(1), true).toString()
                .substring(0, "1 thread, all identical: ".length()));
    }

    @Test
    void sameCredentialsIgnoreOnlyTidAndName() {
        TaskCredentials a = root(1, "a");
        assertTrue(a.sameCredentialsAs(root(2, "b")));
        assertFalse(a.sameCredentialsAs(new TaskCredentials(1, "a", a.caps(), a.bounding(),
                a.ambient(), a.noNewPrivs(), a.uids(), new TaskCredentials.Ids(0, 0, 0, 1))));
        assertFalse(a.sameCredentialsAs(new TaskCredentials(1, "a", a.caps(),
                a.bounding().without(Capability.SYS_ADMIN), a.ambient(), a.noNewPrivs(),
                a.uids(), a.gids())));
        assertFalse(a.sameCredentialsAs(new TaskCredentials(1, "a",
                a.caps().remove(Flag.PERMITTED, Capability.CHOWN), a.bounding(), a.ambient(),
                a.noNewPrivs(), a.uids(), a.gids())));
        assertEquals("tid 1 \"a\": Uid 0 0 0 0, Gid 0 0 0 0, CapInh 0000000000000000, "
                + "CapPrm 000001fffeffffff, CapEff 000001fffeffffff, CapBnd 000001fffeffffff, "
                + "CapAmb 0000000000000000, NoNewPrivs 0", a.toString());
    }
}
