/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export}: what each format says is run or parsed by the real tool, and the result is
 * compared with the source process's /proc/PID/status (or with what the text holds).
 */
class ExportCommandTest {
    /** The status lines a reproduced process must match. */
    private static final List<String> FIELDS = List.of("Uid", "Gid", "Groups", "CapInh",
            "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs");

    private static final List<Process> SOURCES = new ArrayList<>();

    @BeforeAll
    static void startSources() throws Exception {
        Privileged.requireRoot();
        String setpriv = Privileged.requireTool("setpriv").toString();
        // nobody with two ambient caps; root with a smaller bounding set, an inheritable cap
        // and no_new_privs; nobody with supplementary groups and nothing ambient.
        SOURCES.add(ShowPidsTest.sleeper(List.of(setpriv, "--inh-caps=+net_bind_service,"
                + "+net_raw", "--ambient-caps=+net_bind_service,+net_raw", "--reuid=65534",
                "--regid=65534", "--clear-groups")));
        SOURCES.add(ShowPidsTest.sleeper(List.of(setpriv, "--inh-caps=+chown",
                "--bounding-set=-kill,-sys_admin,-sys_module", "--no-new-privs")));
        SOURCES.add(ShowPidsTest.sleeper(List.of(setpriv, "--reuid=65534", "--regid=65534",
                "--groups=4,24")));
    }

    @AfterAll
    static void stopSources() throws Exception {
        for (Process source : SOURCES) {
            source.destroyForcibly().waitFor();
        }
    }

    private static final List<String> TEXTS = List.of("cap_net_bind_service=eip",
            "cap_chown,cap_kill=eip cap_net_raw+ep", "=");

    @Test
    void setprivReproducesTheProcessOrText() throws Exception {
        Privileged.requireTool("setpriv");
        for (Process source : SOURCES) {
            String line = export("setpriv", "--pid", Long.toString(source.pid()));
            assertEquals(status(source.pid()), runThrough(line + " cat /proc/self/status"),
                    line);
        }
        for (String text : TEXTS) {
            String line = export("setpriv", text);
            assertEquals(expected(text), capFields(runThrough(line + " cat /proc/self/status")),
                    line);
        }
    }

    @Test
    void capshReproducesTheProcessOrText() throws Exception {
        Privileged.requireTool("capsh");
        for (Process source : SOURCES) {
            Map<String, String> want = status(source.pid());
            // capsh 2.66 cannot clear supplementary groups (export says so): that source's
            // groups come from the process capsh runs in, this JVM.
            String line = export("capsh", "--pid", Long.toString(source.pid()));
            Map<String, String> got = runThrough(line + " -c 'exec cat /proc/self/status'");
            if (want.get("Groups").isEmpty()) {
                want.put("Groups", status(ProcessHandle.current().pid()).get("Groups"));
            }
            assertEquals(want, got, line);
        }
        for (String text : TEXTS) {
            String line = export("capsh", text);
            assertEquals(expected(text), capFields(runThrough(line
                    + " -c 'exec cat /proc/self/status'")), line);
        }
    }

    @Test
    void systemdAcceptsTheLinesAndReadsTheSameSets(@TempDir Path dir) throws Exception {
        Path analyze = Privileged.requireTool("systemd-analyze");
        List<String> sources = new ArrayList<>();
        SOURCES.forEach(p -> sources.add("--pid=" + p.pid()));
        sources.add("--pid=" + ProcessHandle.current().pid()); // with a SecureBits= line
        sources.addAll(TEXTS);
        int n = 0;
        for (String source : sources) {
            String lines = export("systemd", source);
            Path unit = dir.resolve("export" + n++ + ".service");
            Files.writeString(unit, "[Unit]\nDescription=caps4j export test\n\n[Service]\n"
                    + "ExecStart=/bin/true\n" + lines);
            ChildJvm.Result verify = ChildJvm.exec(List.of(analyze.toString(), "verify",
                    "--man=no", unit.toString()));
            assertEquals(0, verify.exitCode(), verify.stderr());
            assertEquals("", verify.stderr(), "systemd-analyze verify warns:\n" + lines);
            Map<String, String> unitLines = new LinkedHashMap<>();
            lines.lines().filter(l -> !l.startsWith("#")).forEach(l -> unitLines.put(
                    l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            CapabilitySet bounding;
            CapabilitySet ambient;
            if (source.startsWith("--pid=")) {
                Map<String, String> status = status(Long.parseLong(source.substring(6)));
                bounding = CapabilitySet.fromMask(Long.parseUnsignedLong(status.get("CapBnd"), 16));
                ambient = CapabilitySet.fromMask(Long.parseUnsignedLong(status.get("CapAmb"), 16));
                assertEquals(status.get("NoNewPrivs").equals("1") ? "yes" : "no",
                        unitLines.get("NoNewPrivileges"), lines);
            } else {
                Caps caps = Caps.parse(source);
                bounding = caps.permitted();
                ambient = caps.permitted().intersection(caps.inheritable());
            }
            assertEquals(bounding, names(unitLines.get("CapabilityBoundingSet")), lines);
            assertEquals(ambient, names(unitLines.get("AmbientCapabilities")), lines);
            SystemdSecurity.assertReads(analyze, unit, bounding, ambient,
                    "yes".equals(unitLines.get("NoNewPrivileges")));
        }
    }

    @Test
    void launchPolicyIsParsedByTheLaunchersParser(@TempDir Path dir) throws Exception {
        Path parser = LaunchPolicyParser.compile(dir);
        for (Process source : SOURCES) {
            Map<String, String> status = status(source.pid());
            long uid = Long.parseLong(status.get("Uid").split("\t")[0]);
            long gid = Long.parseLong(status.get("Gid").split("\t")[0]);
            long bounding = Long.parseUnsignedLong(status.get("CapBnd"), 16);
            long ambient = Long.parseUnsignedLong(status.get("CapAmb"), 16);
            long holds = uid == 0 ? bounding | ambient : ambient;
            Cli cli = Cli.run("export", "--to", "launch-policy", "--pid",
                    Long.toString(source.pid()));
            if (holds == 0) {
                assertEquals(1, cli.exitCode(), cli.toString());
                assertTrue(cli.stderr().contains("holds no capabilities"), cli.toString());
                continue;
            }
            assertEquals(0, cli.exitCode(), cli.toString());
            assertTrue(cli.stdout().contains("\nprogram = " + Files.readSymbolicLink(Path.of(
                    "/proc", Long.toString(source.pid()), "exe")) + "\n"), cli.stdout());
            assertEquals(String.format("grant=0x%016x user=%s group=%s", holds,
                    uid == 0 ? "-" : uid, uid == 0 ? "-" : gid),
                    LaunchPolicyParser.parse(parser, dir, cli.stdout()), cli.stdout());
        }
        for (String text : List.of("cap_net_bind_service=eip", "cap_dac_read_search+ip")) {
            Cli cli = Cli.run("export", "--to", "launch-policy", text);
            assertEquals(String.format("grant=0x%016x user=- group=-",
                    Caps.parse(text).permitted().mask()),
                    LaunchPolicyParser.parse(parser, dir, cli.stdout()), cli.stdout());
        }
    }

    /**
     * Securebits are readable only inside the process, so a JVM started by
     * {@code capsh --secbits=47} (noroot, no-setuid-fixup, both locked, keep-caps locked)
     * exports itself; the systemd names and the setpriv run must carry the same bits.
     */
    @Test
    void secureBitsOfItsOwnProcess(@TempDir Path dir) throws Exception {
        Privileged.requireRoot();
        String capsh = Privileged.requireTool("capsh").toString();
        // bash -c 'exec "$@" --pid $$' runs the JVM as bash's own pid, which it then names.
        List<String> prefix = List.of(capsh, "--secbits=47", "--", "-c",
                "exec \"$@\" --pid $$", "sh");
        ChildJvm.Result systemd = ChildJvm.run(prefix, Main.class, "export", "--to", "systemd");
        assertEquals(0, systemd.exitCode(), systemd.stderr());
        String bits = systemd.stdout().lines().filter(l -> l.startsWith("SecureBits="))
                .findFirst().orElseThrow();
        assertEquals(47, systemdBits(bits.substring("SecureBits=".length())), bits);
        Path unit = Files.writeString(dir.resolve("bits.service"), "[Service]\n"
                + "ExecStart=/bin/true\n" + systemd.stdout());
        ChildJvm.Result verify = ChildJvm.exec(List.of(Privileged.requireTool(
                "systemd-analyze").toString(), "verify", "--man=no", unit.toString()));
        assertEquals("", verify.stderr(), systemd.stdout());
        ChildJvm.Result setpriv = ChildJvm.run(prefix, Main.class, "export", "--to", "setpriv");
        assertEquals(0, setpriv.exitCode(), setpriv.stderr());
        // capsh --print under the exported setpriv prints the securebits capsh itself set.
        List<String> ours = ChildJvm.exec(List.of("sh", "-c", setpriv.stdout().strip() + " "
                + capsh + " --print")).assertSuccess().stdout().lines()
                .filter(l -> l.startsWith("Securebits:") || l.startsWith(" secure-")).toList();
        List<String> theirs = ChildJvm.exec(List.of(capsh, "--secbits=47", "--print"))
                .assertSuccess().stdout().lines()
                .filter(l -> l.startsWith("Securebits:") || l.startsWith(" secure-")).toList();
        assertEquals(theirs, ours, setpriv.stdout());
        assertTrue(theirs.get(0).startsWith("Securebits: 057/0x2f/"), theirs.toString());
    }

    /** systemd.exec(5)'s SecureBits= names as the bits of capabilities(7). */
    private static int systemdBits(String names) {
        List<String> order = List.of("noroot", "noroot-locked", "no-setuid-fixup",
                "no-setuid-fixup-locked", "keep-caps", "keep-caps-locked");
        int bits = 0;
        for (String name : names.trim().split(" +")) {
            assertTrue(order.contains(name), name);
            bits |= 1 << order.indexOf(name);
        }
        return bits;
    }

    @Test
    void jsonAndUsage() {
        Cli json = Cli.run("export", "--json", "--to", "setpriv", "cap_kill=eip");
        assertEquals(0, json.exitCode(), json.toString());
        assertEquals("{\"source\":\"text 'cap_kill=eip'\",\"format\":\"setpriv\",\"argv\":["
                + "\"setpriv\",\"--inh-caps=-all,+kill\",\"--ambient-caps=-all,+kill\","
                + "\"--bounding-set=-all,+kill\",\"--\"],\"notes\":[]}\n", json.stdout());
        for (List<String> bad : List.of(List.of("export", "cap_kill=eip"),
                List.of("export", "--to", "rpm", "cap_kill=eip"),
                List.of("export", "--to", "systemd"),
                List.of("export", "--to", "systemd", "--pid", "1", "cap_kill=eip"),
                List.of("export", "--to", "systemd", "--pid", "x"),
                List.of("export", "--to", "systemd", "--frob", "cap_kill=eip"),
                List.of("export", "--to", "systemd", "cap_foo=eip"))) {
            Cli cli = Cli.run(bad.toArray(String[]::new));
            assertEquals(2, cli.exitCode(), bad + "\n" + cli);
            assertTrue(cli.stderr().startsWith("caps4j: "), cli.toString());
            assertTrue(cli.stderr().contains("usage: caps4j export"), cli.toString());
        }
        Cli help = Cli.run("export", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().lines().allMatch(l -> l.length() <= 80), help.stdout());
    }

    private static String export(String format, String... source) {
        List<String> args = new ArrayList<>(List.of("export", "--to", format));
        args.addAll(List.of(source));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.toString());
        return format.equals("systemd") ? cli.stdout() : cli.stdout().strip();
    }

    /** Runs {@code shellLine} with sh (so the quoting is checked too), parses its output. */
    private static Map<String, String> runThrough(String shellLine) {
        ChildJvm.Result result = ChildJvm.exec(List.of("sh", "-c", shellLine));
        assertEquals(0, result.exitCode(), shellLine + "\n" + result.stderr());
        return fields(result.stdout());
    }

    private static Map<String, String> status(long pid) throws Exception {
        return fields(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    private static Map<String, String> fields(String status) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : status.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && FIELDS.contains(line.substring(0, colon))) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        assertEquals(FIELDS.size(), fields.size(), status);
        return fields;
    }

    /** The sets a program started from text holds: E = P = text's P, I, bounding P. */
    private static Map<String, String> expected(String text) {
        Caps caps = Caps.parse(text);
        Function<CapabilitySet, String> hex = s -> String.format("%016x", s.mask());
        Map<String, String> want = new LinkedHashMap<>();
        want.put("CapInh", hex.apply(caps.inheritable()));
        want.put("CapPrm", hex.apply(caps.permitted()));
        want.put("CapEff", hex.apply(caps.permitted()));
        want.put("CapBnd", hex.apply(caps.permitted()));
        want.put("CapAmb", hex.apply(caps.permitted().intersection(caps.inheritable())));
        return want;
    }

    private static Map<String, String> capFields(Map<String, String> fields) {
        Map<String, String> caps = new LinkedHashMap<>(fields);
        caps.keySet().removeIf(k -> !k.startsWith("Cap"));
        return caps;
    }

    private static CapabilitySet names(String systemdList) {
        CapabilitySet set = CapabilitySet.empty();
        for (String name : systemdList.trim().split(" +")) {
            if (!name.isEmpty()) {
                set = set.with(org.caps4j.Capability.parse(name));
            }
        }
        return set;
    }
}
