/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.caps4j.testing.CredentialsReport;
import org.caps4j.testing.KernelStatus;

/**
 * Assertions that what a child's caps4j read equals what the kernel shows: the child's own
 * read of {@code /proc/thread-self/status}, and the parent's read of
 * {@code /proc/<pid>/task/<tid>/status} while the child is alive.
 */
final class ChildAgreement {
    private ChildAgreement() {}

    /** Caps.fromProcess, Bounding.read, Ambient.read, NoNewPrivs.isSet vs the same thread's status. */
    static void readersMatchOwnStatus(ChildReport report) {
        long[] caps = report.caps();
        assertEquals(report.mask("kernel.CapEff"), caps[0], "CapEff\n" + report);
        assertEquals(report.mask("kernel.CapPrm"), caps[1], "CapPrm\n" + report);
        assertEquals(report.mask("kernel.CapInh"), caps[2], "CapInh\n" + report);
        assertEquals(report.mask("kernel.CapBnd"), report.mask("bounding"), "CapBnd\n" + report);
        assertEquals(report.mask("kernel.CapAmb"), report.mask("ambient"), "CapAmb\n" + report);
        assertEquals(report.get("kernel.NoNewPrivs").equals("1"),
                Boolean.parseBoolean(report.get("nnp")), "NoNewPrivs\n" + report);
        // the census entry of the reporting thread holds the same values
        ChildReport.Task self = report.task(report.tid());
        assertEquals(caps[0], self.eff());
        assertEquals(caps[1], self.prm());
        assertEquals(caps[2], self.inh());
        assertEquals(report.mask("bounding"), self.bnd());
        assertEquals(report.mask("ambient"), self.amb());
        assertEquals(report.get("kernel.Uid"), self.uids());
        assertEquals(report.get("kernel.Gid"), self.gids());
    }

    /**
     * Every census entry still alive equals the parent's view of that task; the census is
     * uniform and holds the reporting thread and the named probe thread with its full name.
     */
    static void censusMatchesParentView(ChildReport report) {
        long pid = report.pid();
        assertEquals("true", report.get("census.uniform"), report.get("census"));
        assertEquals(Integer.parseInt(report.get("census.size")), report.tasks().size());
        assertEquals(CredentialsReport.PROBE_NAME,
                report.task(Long.parseLong(report.get("probe.tid"))).name(), report.toString());
        int compared = 0;
        for (ChildReport.Task task : report.tasks()) {
            var status = KernelStatus.of(pid, task.tid());
            if (status.isEmpty()) {
                continue; // a JVM compiler thread may have ended
            }
            Map<String, String> kernel = status.get();
            String where = "task " + task.tid() + " of " + pid + "\n" + report;
            assertEquals(KernelStatus.mask(kernel, "CapInh"), task.inh(), where);
            assertEquals(KernelStatus.mask(kernel, "CapPrm"), task.prm(), where);
            assertEquals(KernelStatus.mask(kernel, "CapEff"), task.eff(), where);
            assertEquals(KernelStatus.mask(kernel, "CapBnd"), task.bnd(), where);
            assertEquals(KernelStatus.mask(kernel, "CapAmb"), task.amb(), where);
            assertEquals(kernel.get("NoNewPrivs").equals("1"), task.nnp(), where);
            assertEquals(kernel.get("Uid"), task.uids(), where);
            assertEquals(kernel.get("Gid"), task.gids(), where);
            compared++;
        }
        assertTrue(compared >= 10, "compared only " + compared + " tasks of a JVM\n" + report);
    }

    /** Caps.fromPid from the parent equals the child's main thread in /proc/<pid>/status. */
    static Caps fromPidMatchesProc(ChildReport report) {
        long pid = report.pid();
        Caps caps = Caps.fromPid(pid);
        Map<String, String> leader = KernelStatus.of(pid, pid).orElseThrow();
        assertEquals(KernelStatus.mask(leader, "CapEff"), caps.effective().mask());
        assertEquals(KernelStatus.mask(leader, "CapPrm"), caps.permitted().mask());
        assertEquals(KernelStatus.mask(leader, "CapInh"), caps.inheritable().mask());
        return caps;
    }

    /** The hex word of capsh's {@code Securebits: 045/0x25/6'b100101 ...} line. */
    static int capshSecurebits(ChildReport report) {
        String line = report.get("capsh.securebits");
        String hex = line.split("/")[1];
        assertTrue(hex.startsWith("0x"), line);
        return Integer.parseInt(hex.substring(2), 16);
    }
}
