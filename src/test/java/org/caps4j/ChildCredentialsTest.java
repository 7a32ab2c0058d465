/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.caps4j.ChildAgreement.capshSecurebits;
import static org.caps4j.ChildAgreement.censusMatchesParentView;
import static org.caps4j.ChildAgreement.fromPidMatchesProc;
import static org.caps4j.ChildAgreement.readersMatchOwnStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.CredentialsReport;
import org.caps4j.testing.LiveChild;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tier 3: the readers and the census in child JVMs started under other credentials, compared
 * with the kernel's own view. Each child stays alive while the parent reads its /proc files.
 */
class ChildCredentialsTest {
    private static final long NET_BIND_SERVICE = 1L << Capability.NET_BIND_SERVICE.number();
    private static final String NOBODY_IDS = "65534 65534 65534 65534";

    /** Starts the report child behind {@code prefix}, checks it against the kernel, returns it. */
    private static ChildReport report(List<String> prefix, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--wait");
        try (LiveChild child = LiveChild.start(prefix, CredentialsReport.class,
                all.toArray(String[]::new))) {
            ChildReport report = ChildReport.parse(child.lines());
            readersMatchOwnStatus(report);
            censusMatchesParentView(report);
            Caps fromPid = fromPidMatchesProc(report);
            long[] caps = report.caps();
            assertEquals(caps[0], fromPid.effective().mask(), "uniform: leader = main thread");
            assertEquals(caps[1], fromPid.permitted().mask());
            assertEquals(caps[2], fromPid.inheritable().mask());
            return report;
        }
    }

    private static String setpriv() {
        return Privileged.requireTool("setpriv").toString();
    }

    @Test
    void asRoot() {
        Privileged.requireRoot();
        String capsh = Privileged.requireTool("capsh").toString();
        ChildReport report = report(List.of(), "--capsh=" + capsh);
        assertEquals("0 0 0 0", report.get("kernel.Uid"));
        assertEquals("true", report.get("census.initialns"));
        assertEquals("false", report.get("nnp"));
        assertEquals(0, Integer.parseInt(report.get("securebits"), 16));
        assertEquals(0, capshSecurebits(report));
        // root's execve grants the whole bounding set: P = E = bounding, I and A empty
        long[] caps = report.caps();
        assertEquals(report.mask("bounding"), caps[0]);
        assertEquals(report.mask("bounding"), caps[1]);
        assertEquals(0, caps[2]);
        assertEquals(Bounding.read().mask(), report.mask("bounding"), "inherited from us");
    }

    @ParameterizedTest
    @ValueSource(strings = {"setpriv", "runuser"})
    void asNobody(String tool) {
        Privileged.requireRoot();
        List<String> prefix = tool.equals("setpriv")
                ? List.of(setpriv(), "--reuid=65534", "--regid=65534", "--clear-groups")
                : List.of(Privileged.requireTool("runuser").toString(), "-u", "nobody", "--");
        ChildReport report = report(prefix);
        for (ChildReport.Task task : report.tasks()) {
            assertEquals(NOBODY_IDS, task.uids(), report.toString());
            assertEquals(NOBODY_IDS, task.gids(), report.toString());
            assertEquals(0, task.eff() | task.prm() | task.inh() | task.amb(), report.toString());
            assertEquals(Bounding.read().mask(), task.bnd(), "bounding survives the uid change");
        }
        assertEquals(0, Integer.parseInt(report.get("securebits"), 16));
    }

    @Test
    void withAmbientNetBindService() throws Exception {
        Privileged.requireRoot();
        String getpcaps = Privileged.requireTool("getpcaps").toString();
        List<String> prefix = List.of(setpriv(), "--reuid=65534", "--regid=65534",
                "--clear-groups", "--inh-caps=+net_bind_service",
                "--ambient-caps=+net_bind_service");
        ChildReport report;
        String getpcapsOutput;
        try (LiveChild child = LiveChild.start(prefix, CredentialsReport.class,
                "--wait")) {
            report = ChildReport.parse(child.lines());
            getpcapsOutput = ChildJvm.exec(List.of(getpcaps, Long.toString(report.pid())))
                    .assertSuccess().stdout().strip();
            readersMatchOwnStatus(report);
            censusMatchesParentView(report);
            Caps fromPid = fromPidMatchesProc(report);
            assertEquals(CapabilitySet.of(Capability.NET_BIND_SERVICE), fromPid.effective());
            assertEquals(fromPid.effective(), fromPid.permitted());
            assertEquals(fromPid.effective(), fromPid.inheritable());
        }
        assertEquals(NET_BIND_SERVICE, report.mask("ambient"), report.toString());
        for (ChildReport.Task task : report.tasks()) {
            assertEquals(NET_BIND_SERVICE, task.amb(), "ambient on every thread\n" + report);
            assertEquals(NET_BIND_SERVICE, task.eff() & task.prm() & task.inh(), report.toString());
            assertEquals(NOBODY_IDS, task.uids());
        }
        // getpcaps prints libcap text "<pid>: cap_net_bind_service=eip"; compare its names
        String prefixText = report.pid() + ": ";
        assertTrue(getpcapsOutput.startsWith(prefixText) && getpcapsOutput.endsWith("=eip"),
                getpcapsOutput);
        Set<String> names = Set.of(getpcapsOutput
                .substring(prefixText.length(), getpcapsOutput.length() - "=eip".length())
                .split(","));
        assertEquals(names, Set.of(CapabilitySet.fromMask(report.mask("ambient")).toString()
                .split(",")));
    }

    @Test
    void capshDecodesTheMasksToTheSameNames() {
        Privileged.requireRoot();
        String capsh = Privileged.requireTool("capsh").toString();
        ChildReport report = report(List.of(setpriv(), "--inh-caps=+net_bind_service,+net_raw",
                "--ambient-caps=+net_raw"));
        for (String key : List.of("bounding", "ambient", "kernel.CapInh")) {
            long mask = report.mask(key);
            String decoded = ChildJvm.exec(List.of(capsh, "--decode=" + Long.toHexString(mask)))
                    .assertSuccess().stdout().strip();
            // "0x000001fffeffffff=cap_chown,cap_dac_override,..."
            assertEquals(String.format("0x%016x=", mask) + CapabilitySet.fromMask(mask), decoded);
        }
        assertEquals(1L << Capability.NET_RAW.number(), report.mask("ambient"));
        assertEquals(NET_BIND_SERVICE | 1L << Capability.NET_RAW.number(),
                report.mask("kernel.CapInh"));
    }

    @Test
    void insideUnshareR() throws Exception {
        Privileged.requireRoot();
        String unshare = Privileged.requireTool("unshare").toString();
        List<String> prefix = List.of(unshare, "-r");
        ChildReport report;
        String uidMap;
        try (LiveChild child = LiveChild.start(prefix, CredentialsReport.class, "--wait")) {
            report = ChildReport.parse(child.lines());
            uidMap = Files.readString(Path.of("/proc", Long.toString(report.pid()), "uid_map"));
            readersMatchOwnStatus(report);
            censusMatchesParentView(report);
            fromPidMatchesProc(report);
        }
        assertNotEquals("0 0 4294967295", uidMap.strip().replaceAll("\\s+", " "), uidMap);
        assertEquals("false", report.get("census.initialns"), report.toString());
        assertEquals("true", report.get("census.uniform"));
        assertTrue(report.get("census").contains("(child user namespace)"), report.get("census"));
        assertEquals("0 0 0 0", report.get("kernel.Uid"), "unshare -r maps us to root inside");
    }

    @Test
    void withNoNewPrivsAndSecurebits() {
        Privileged.requireRoot();
        String capsh = Privileged.requireTool("capsh").toString();
        // keep_caps itself is cleared by execve; these bits survive it
        ChildReport report = report(List.of(setpriv(), "--no-new-privs",
                "--securebits=+noroot,+no_setuid_fixup,+keep_caps_locked"), "--capsh=" + capsh);
        int expected = SecureBit.NOROOT.mask() | SecureBit.NO_SETUID_FIXUP.mask()
                | SecureBit.KEEP_CAPS_LOCKED.mask();
        assertEquals(expected, Integer.parseInt(report.get("securebits"), 16), report.toString());
        assertEquals(expected, capshSecurebits(report), report.get("capsh.securebits"));
        assertTrue(report.get("capsh.securebits").contains("no-new-privs=1"));
        assertEquals("true", report.get("nnp"));
        for (ChildReport.Task task : report.tasks()) {
            assertTrue(task.nnp(), "no_new_privs on every thread\n" + report);
            // with noroot, root's execve of java grants nothing
            assertEquals(0, task.eff() | task.prm(), report.toString());
        }
        assertFalse(report.tasks().isEmpty());
    }
}
