/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The programs in examples/ run against the packaged jar exactly as their header comments say,
 * and print what those comments promise; README snippets are the examples' marked regions.
 */
class ExamplesIT {
    private static final Path EXAMPLES = Path.of("examples");

    private static List<String> runExample(String name, String... args) {
        return runExample(List.of(), name, args);
    }

    /** {@code prefix... java --enable-native-access=ALL-UNNAMED -cp JAR examples/NAME.java args...} */
    private static List<String> runExample(List<String> prefix, String name, String... args) {
        String jar = System.getProperty("caps4j.test.jar", "target/caps4j.jar");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ChildJvm.javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                "-cp", jar, EXAMPLES.resolve(name + ".java").toString()));
        command.addAll(List.of(args));
        return ChildJvm.exec(command).assertSuccess().stdout().lines().toList();
    }

    /** The line of {@code capsh --print} that starts with {@code field}, run behind {@code prefix}. */
    private static String capsh(List<String> prefix, String field) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Privileged.requireTool("capsh").toString(), "--print"));
        return ChildJvm.exec(command).assertSuccess().stdout().lines().filter(l -> l.startsWith(field))
                .findFirst().orElseThrow().substring(field.length());
    }

    private static final List<String> NOBODY_WITH_NET_RAW = List.of("setpriv", "--reuid=nobody",
            "--regid=nogroup", "--clear-groups", "--inh-caps=+net_raw", "--ambient-caps=+net_raw");

    /** ShowCaps as root: its own line is capsh's Current:, a given pid's line is getpcaps's. */
    @Test
    void showCapsPrintsWhatGetpcapsAndCapshPrint() throws Exception {
        Privileged.requireRoot();
        Path getpcaps = Privileged.requireTool("getpcaps");
        List<String> sleeper = new ArrayList<>(NOBODY_WITH_NET_RAW);
        sleeper.addAll(List.of("sleep", "120"));
        Process other = new ProcessBuilder(sleeper).start();
        try {
            long pid = other.pid(); // setpriv execs sleep: same pid
            for (int i = 0; i < 100 && !Files.readString(Path.of("/proc/" + pid + "/comm")).startsWith("sleep"); i++) {
                Thread.sleep(20);
            }
            List<String> out = runExample("ShowCaps", Long.toString(pid));
            assertEquals(4, out.size(), String.join("\n", out));
            assertTrue(out.get(0).matches("\\d+: .*"), out.get(0));
            assertEquals(capsh(List.of(), "Current: "), out.get(0).substring(out.get(0).indexOf(": ") + 2));
            String oracle = ChildJvm.exec(List.of(getpcaps.toString(), Long.toString(pid))).assertSuccess()
                    .stdout().strip();
            assertEquals(oracle, out.get(1));
            assertEquals(pid + ": cap_net_raw=eip", out.get(1), "the oracle sees the sleeper's grant");
            assertEquals("iab: " + capsh(List.of(), "Current IAB: "), out.get(2));
            assertTrue(out.get(3).matches("census: \\d+ threads, all identical: Uid 0 0 0 0, .*"), out.get(3));
        } finally {
            other.destroy();
            other.waitFor();
        }
    }

    /** ShowCaps as nobody holding ambient cap_net_raw: the same lines capsh prints there. */
    @Test
    void showCapsAsNobodyWithAnAmbientCapability() {
        Privileged.requireRoot();
        Privileged.requireTool("setpriv");
        List<String> out = runExample(NOBODY_WITH_NET_RAW, "ShowCaps");
        assertEquals(3, out.size(), String.join("\n", out));
        assertEquals(capsh(NOBODY_WITH_NET_RAW, "Current: "), out.get(0).substring(out.get(0).indexOf(": ") + 2));
        assertTrue(out.get(0).endsWith(": cap_net_raw=eip"), out.get(0));
        assertEquals("iab: " + capsh(NOBODY_WITH_NET_RAW, "Current IAB: "), out.get(1));
        assertTrue(out.get(2).matches("census: \\d+ threads, all identical: Uid 65534 65534 65534 65534, "
                + "Gid 65534 65534 65534 65534, CapInh 0000000000002000, CapPrm 0000000000002000, "
                + "CapEff 0000000000002000, CapBnd [0-9a-f]{16}, CapAmb 0000000000002000, NoNewPrivs 0 "
                + "\\(initial user namespace\\)"), out.get(2));
    }

    /** DropAll: every line, including each refused attempt to regain something. */
    @Test
    void dropAllLeavesNothingAndNothingCanBeRegained() {
        Privileged.requireRoot();
        Privileged.requireTool("capsh");
        List<String> out = runExample("DropAll");
        assertEquals(9, out.size(), String.join("\n", out));
        assertTrue(out.get(0).matches("before: uid 0, \\d+ threads, all identical, CapEff [0-9a-f]{16}, "
                + "CapBnd [0-9a-f]{16}") && !out.get(0).contains("CapEff 0000000000000000"), out.get(0));
        assertTrue(out.get(1).matches("after: \\d+ threads, all identical: Uid 0 0 0 0, Gid 0 0 0 0, "
                + "CapInh 0{16}, CapPrm 0{16}, CapEff 0{16}, CapBnd 0{16}, CapAmb 0{16}, NoNewPrivs 1 "
                + "\\(initial user namespace\\)"), out.get(1));
        assertEquals(List.of(
                "securebits: 0xef/[NOROOT,NOROOT_LOCKED,NO_SETUID_FIXUP,NO_SETUID_FIXUP_LOCKED,KEEP_CAPS_LOCKED,"
                        + "NO_CAP_AMBIENT_RAISE,NO_CAP_AMBIENT_RAISE_LOCKED]",
                "no_new_privs: true",
                "regain permitted cap_net_bind_service: refused (EPERM)",
                "raise ambient cap_net_bind_service: refused (EPERM)",
                "unlock securebits: refused (EPERM)",
                "bind 127.0.0.1:80: Permission denied",
                "exec root program: Current: ="), out.subList(2, out.size()));
    }

    /** Backup as root: becomes nobody keeping only cap_dac_read_search, copies, verifies. */
    @Test
    void backupCopiesRootOnlyFilesAsNobodyWithIdentityChange() throws Exception {
        Privileged.requireRoot();
        Privileged.requireTool("setpriv");
        BackupTree tree = new BackupTree();
        try {
            tree.assertUnreadableByPlainNobody();
            List<String> out = runExample("Backup", tree.source.toString(), tree.target.toString());
            assertTrue(out.get(0).matches("as uid 65534 gid 65534 \\(Identity.change\\), \\d+ threads, "
                    + "all identical, effective cap_dac_read_search"), String.join("\n", out));
            tree.assertBackedUp(out);
        } finally {
            tree.delete();
        }
    }

    /**
     * Collector as root: each probe runs as nobody with only its capability and succeeds; the
     * same children launched with an empty IAB (still nobody) all fail, so each one is needed.
     */
    @Test
    void collectorRunsEachProbeAsNobodyWithOnlyItsCapability() throws Exception {
        Privileged.requireRoot();
        Privileged.requireTool("dmesg");
        Privileged.requireTool("ping");
        assertEquals("1", Files.readString(Path.of("/proc/sys/kernel/dmesg_restrict")).strip(),
                "the dmesg control needs kernel.dmesg_restrict = 1");
        // cat, not Files.readString: Java's read of this file returns its first number only
        String[] pingGroups = ChildJvm.exec(List.of("cat", "/proc/sys/net/ipv4/ping_group_range")).assertSuccess()
                .stdout().strip().split("\\s+");
        assertTrue(Long.parseLong(pingGroups[0]) > 65534 || Long.parseLong(pingGroups[1]) < 65534,
                "the ping control needs gid 65534 outside net.ipv4.ping_group_range, not " + List.of(pingGroups));
        Path dir = Files.createTempDirectory("caps4j-collector-it",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path secret = dir.resolve("secret");
        String content = "secret-" + UUID.randomUUID();
        Files.writeString(Files.createFile(secret, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), content + "\n");
        try {
            List<String> granted = runExample("Collector", secret.toString());
            assertEquals(5, granted.size(), String.join("\n", granted));
            assertEquals(List.of("{\"probes\": [", "]}"), List.of(granted.get(0), granted.get(4)));
            assertProbe(granted.get(1), "secret-file", "cap_dac_read_search", 0, "cap_dac_read_search",
                    Pattern.quote(content));
            assertProbe(granted.get(2), "dmesg", "cap_syslog", 0, "cap_syslog", "[1-9]\\d* lines");
            assertProbe(granted.get(3), "ping", "cap_net_raw", 0, "cap_net_raw",
                    Pattern.quote("1 packets transmitted, 1 received, 0% packet loss"));

            List<String> without = runExample("Collector", secret.toString(), "--without-caps");
            assertEquals(5, without.size(), String.join("\n", without));
            assertProbe(without.get(1), "secret-file", "cap_dac_read_search", 1, "",
                    Pattern.quote("cat: " + secret + ": Permission denied"));
            assertProbe(without.get(2), "dmesg", "cap_syslog", 1, "", ".*Operation not permitted");
            assertProbe(without.get(3), "ping", "cap_net_raw", 2, "", ".*(not permitted|missing cap_net_raw).*");
        } finally {
            Files.delete(secret);
            Files.delete(dir);
        }
    }

    /** One line of Collector's report: uid 65534 (never root), the exit, the child's CapEff, the result. */
    private static void assertProbe(String line, String name, String capability, int exit, String effective,
            String resultRegex) {
        Matcher m = Pattern.compile("\\s*\\{\"name\": \"" + name + "\", \"capability\": \"" + capability
                + "\", \"exit\": (\\d+), \"uid\": (\\d+), \"effective\": \"([^\"]*)\", "
                + "\"result\": \"(.*)\"},?").matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(List.of(Integer.toString(exit), "65534", effective), List.of(m.group(1), m.group(2), m.group(3)), line);
        assertTrue(m.group(4).matches(resultRegex), line);
    }

    @Test
    void bindThenDropServesOnPort80AsNobodyOnEveryThread() {
        Privileged.requireRoot();
        List<String> out = runExample("BindThenDrop");
        assertEquals(5, out.size(), String.join("\n", out));
        assertTrue(out.get(0).matches("before: uid 0, \\d+ threads, all identical, CapEff [0-9a-f]{16}")
                && !out.get(0).endsWith("0000000000000000"), out.get(0));
        assertEquals("bound 127.0.0.1:80", out.get(1));
        assertTrue(out.get(2).matches("after: uid 65534, \\d+ threads, all identical, CapEff 0{16}"),
                out.get(2));
        assertEquals("served: HTTP/1.0 200 OK (uid 65534)", out.get(3));
        assertEquals("pool worker binding 127.0.0.1:81: Permission denied", out.get(4));
    }

    @Test
    void readmeSnippetsAreCutFromTheExamples() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int checked = 0;
        try (var files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).trim().startsWith("// snippet:")) {
                        StringBuilder snippet = new StringBuilder();
                        int indent = lines.get(i).indexOf("//");
                        for (int j = i + 1; !lines.get(j).trim().equals("// end-snippet"); j++) {
                            snippet.append(lines.get(j).substring(Math.min(indent,
                                    lines.get(j).length()))).append('\n');
                        }
                        assertTrue(readme.contains(snippet), "README lacks the snippet "
                                + lines.get(i).trim() + " of " + file + ":\n" + snippet);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 0, "no snippet markers found in " + EXAMPLES);
    }
}
