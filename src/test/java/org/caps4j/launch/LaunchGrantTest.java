/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import static org.caps4j.launch.LaunchFixture.NET_BIND_SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.caps4j.launch.LaunchFixture.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a program launched by caps4j-launch holds and receives: the real launcher (installed with
 * {@code setcap ...=p}) run by {@code nobody}, the payload a jar on the test JDK or a real binary.
 */
class LaunchGrantTest {
    @BeforeAll
    static void install() {
        LaunchFixture.install();
    }

    @AfterAll
    static void removeScratch() {
        LaunchFixture.removeScratch();
    }

    private static long hex(String value) {
        return Long.parseUnsignedLong(value, 16);
    }

    /** X1: the grant, exactly, in all five sets, with no_new_privs, as nobody; bind :80 works. */
    @Test
    void grantsExactlyTheGrantInAllFiveSets() {
        LaunchFixture.jarPolicy("x1", "cap_net_bind_service");
        Result result = LaunchFixture.launchAsNobody(Map.of(), "x1").assertLaunched();
        for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
            assertEquals(NET_BIND_SERVICE, hex(result.status(set)), set + "\n" + result);
        }
        assertEquals("1", result.status("NoNewPrivs"));
        assertEquals("65534 65534 65534 65534", result.status("Uid"));
        assertEquals("65534 65534 65534 65534", result.status("Gid"));
        assertEquals(List.of(), result.lines("bind80").stream().filter(l -> l.startsWith("denied")).toList(),
                "bind 127.0.0.1:80 is permitted\n" + result);
    }

    /** The caller's environment: every dangerous variable, an agent and a preload library. */
    private static Map<String, String> hostileEnvironment(Path agentJar, Path preload) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LD_PRELOAD", preload.toString());
        env.put("LD_LIBRARY_PATH", "/tmp");
        env.put("JAVA_TOOL_OPTIONS", "-javaagent:" + agentJar);
        env.put("_JAVA_OPTIONS", "-javaagent:" + agentJar);
        env.put("JDK_JAVA_OPTIONS", "-javaagent:" + agentJar);
        env.put("JDK_AOT_VM_OPTIONS", "-javaagent:" + agentJar);
        env.put("CLASSPATH", agentJar.getParent().toString());
        env.put("PYTHONPATH", "/tmp");
        env.put("PYTHONSTARTUP", "/tmp/x.py");
        env.put("PERL5LIB", "/tmp");
        env.put("NODE_OPTIONS", "--require /tmp/x.js");
        env.put("BASH_ENV", "/tmp/x.sh");
        env.put("ENV", "/tmp/x.sh");
        env.put("IFS", "x");
        env.put("GCONV_PATH", "/tmp");
        env.put("TMPDIR", "/tmp/attacker");
        env.put("CAPS4J_LAUNCH_ALLOWED", "yes");
        return env;
    }

    private static Path[] attackerFiles() throws IOException {
        Path dir = LaunchFixture.scratch();
        Path agent = dir.resolve("agent.jar");
        LaunchFixture.writeJar(agent, LaunchAgent.class, "Premain-Class");
        return new Path[] {agent, LaunchFixture.compile("launch_preload", dir, true)};
    }

    /** X2: none of those variables reaches the payload; the agent and the preload never run. */
    @Test
    void callerEnvironmentNeverReachesThePayload() throws IOException {
        Path[] attacker = attackerFiles();
        Map<String, String> env = hostileEnvironment(attacker[0], attacker[1]);
        LaunchFixture.jarPolicy("x2", "cap_net_bind_service", "env = CAPS4J_LAUNCH_ALLOWED ^yes$", "env = LANG");
        Result result = LaunchFixture.launchAsNobody(env, "x2").assertLaunched();
        List<String> received = result.lines("env");
        for (String name : env.keySet()) {
            if (!name.equals("CAPS4J_LAUNCH_ALLOWED")) {
                assertFalse(received.stream().anyMatch(l -> l.startsWith(name + "=")), name + "\n" + result);
            }
        }
        assertTrue(received.contains("CAPS4J_LAUNCH_ALLOWED=yes"), "allow-listed variable forwarded\n" + result);
        assertFalse(received.stream().anyMatch(l -> l.startsWith("LANG=")), "unset: not invented");
        assertFalse(result.stdout().contains(LaunchAgent.MARKER), result.toString());
        assertFalse(result.stderr().contains("CAPS4J-PRELOAD-RAN in " + LaunchFixture.java()), result.toString());
        assertTrue(result.stderr().contains("CAPS4J-PRELOAD-RAN in /usr/bin/setpriv"),
                "the library works (the caller's setpriv loaded it)\n" + result);
    }

    /** X3: the same probe, caller and environment without the launcher detect every leak. */
    @Test
    void negativeControlTheProbeSeesLeaksWithoutTheLauncher() throws IOException {
        Path[] attacker = attackerFiles();
        Map<String, String> env = hostileEnvironment(attacker[0], attacker[1]);
        List<String> command = new ArrayList<>(List.of(LaunchFixture.NOBODY.split(" ")));
        command.addAll(List.of(LaunchFixture.java(), "-jar", LaunchFixture.PROBE_JAR.toString()));
        Result result = LaunchFixture.run(command, env);
        assertTrue(result.stdout().contains(LaunchAgent.MARKER), "agent detected\n" + result);
        assertTrue(result.stderr().contains("CAPS4J-PRELOAD-RAN in " + LaunchFixture.java()),
                "preload detected\n" + result);
        List<String> received = result.lines("env");
        for (String name : List.of("LD_LIBRARY_PATH", "JAVA_TOOL_OPTIONS", "CLASSPATH", "TMPDIR", "IFS")) {
            assertTrue(received.stream().anyMatch(l -> l.startsWith(name + "=")), name + "\n" + result);
        }
        assertTrue(result.lines("bind80").get(0).startsWith("denied"), "no capability without it");
    }

    /** X11: caller -XX:/-javaagent/-D arguments arrive only as application arguments. */
    @Test
    void callerJvmFlagsAreOnlyApplicationArguments() throws IOException {
        Path agent = attackerFiles()[0];
        LaunchFixture.jarPolicy("x11", "cap_net_bind_service", "jvm-option = -Xmx64m",
                "jvm-option = -XX:+EnableDynamicAgentLoading");
        List<String> hostile = List.of("-XX:+PrintFlagsFinal", "-javaagent:" + agent,
                "-Dcaps4j.injected=1", "@/tmp/argfile", "-XX:-DisableAttachMechanism");
        Result result = LaunchFixture.launchAsNobody(Map.of(), "x11", hostile.toArray(String[]::new))
                .assertLaunched();
        assertEquals(hostile, result.lines("arg"), result.toString());
        List<String> argv = result.lines("argv");
        List<String> expected = new ArrayList<>(List.of(LaunchFixture.java(), "-Xmx64m",
                "-XX:+EnableDynamicAgentLoading", "-XX:+DisableAttachMechanism", "-XX:-UsePerfData", "-jar"));
        assertEquals(expected, argv.subList(0, expected.size()), "policy options, then the launcher's last");
        assertTrue(argv.get(expected.size()).matches("/proc/self/fd/\\d+"), "the jar by fd: " + argv);
        assertEquals(hostile, argv.subList(expected.size() + 1, argv.size()), "caller arguments after the jar");
        assertFalse(result.stdout().contains(LaunchAgent.MARKER), result.toString());
    }

    /** X13 and securebits: raising anything outside the grant fails (capsh as the program). */
    @Test
    void nothingOutsideTheGrantCanBeRaised() {
        LaunchFixture.policy("x13", "type = binary", "program = /usr/sbin/capsh",
                "caps = cap_net_bind_service", "user = nobody", "allow-user = *", "args = any");
        Result print = LaunchFixture.launchAsNobody(Map.of(), "x13", "--print");
        assertEquals(0, print.exitCode(), print.toString());
        assertTrue(print.stdout().contains("Current: cap_net_bind_service=eip"), print.toString());
        for (String bit : List.of("secure-noroot: yes (locked)", "secure-no-suid-fixup: yes (locked)",
                "secure-keep-caps: no (locked)", "secure-no-ambient-raise: yes (locked)", "no-new-privs=1")) {
            assertTrue(print.stdout().contains(bit), bit + "\n" + print);
        }
        assertEquals(0, LaunchFixture.launchAsNobody(Map.of(), "x13", "--caps=cap_net_bind_service=eip")
                .exitCode(), "control: re-setting the grant itself works");
        for (String cap : List.of("cap_net_raw", "cap_setpcap", "cap_setuid", "cap_sys_admin",
                "cap_dac_read_search")) {
            for (String attempt : List.of("--caps=cap_net_bind_service," + cap + "=eip", "--inh=" + cap,
                    "--addamb=" + cap)) {
                Result raised = LaunchFixture.launchAsNobody(Map.of(), "x13", attempt, "--print");
                assertNotEquals(0, raised.exitCode(), attempt + " must fail\n" + raised);
                assertFalse(raised.stdout().contains(cap), raised.toString());
            }
        }
    }

    /** X12: exec of a set-uid-root binary inside the launched program gains nothing. */
    @Test
    void setuidRootBinaryGainsNothingInside() throws IOException {
        Path suid = LaunchFixture.BIN.resolve("capsh-suid");
        Files.copy(Path.of("/usr/sbin/capsh"), suid, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LaunchFixture.run(List.of("chmod", "4755", suid.toString()), Map.of()).assertOk();
        LaunchFixture.policy("x12", "type = binary", "program = /usr/bin/dash",
                "caps = cap_net_bind_service", "user = nobody", "allow-user = *", "args = any");
        Result result = LaunchFixture.launchAsNobody(Map.of(), "x12", "-c", "exec " + suid + " --print");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("uid=65534(nobody) euid=65534(nobody)"), result.toString());
        assertTrue(result.stdout().contains("Current: cap_net_bind_service=eip"), result.toString());
        // control: the copy is really set-uid root, outside the launcher it makes nobody euid 0
        List<String> direct = new ArrayList<>(List.of(LaunchFixture.NOBODY.split(" ")));
        direct.addAll(List.of(suid.toString(), "--print"));
        assertTrue(LaunchFixture.run(direct, Map.of()).stdout().contains("euid=0(root)"));
    }

    /** from-file: the grant is the program's own inheritable file-cap set, exactly. */
    @Test
    void fromFileGrantsTheProgramsInheritableFileCaps() throws IOException {
        Path jar = LaunchFixture.POLICY_DIR.resolve("lib").resolve("probe-ff.jar");
        Files.copy(LaunchFixture.PROBE_JAR, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LaunchFixture.run(List.of("setcap", "cap_net_bind_service=i", jar.toString()), Map.of()).assertOk();
        LaunchFixture.policy("ff", "type = jar", "program = " + jar, "interpreter = " + LaunchFixture.java(),
                "caps = from-file", "user = nobody", "allow-user = *");
        Result result = LaunchFixture.launchAsNobody(Map.of(), "ff").assertLaunched();
        for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
            assertEquals(NET_BIND_SERVICE, hex(result.status(set)), set + "\n" + result);
        }
        assertTrue(result.lines("bind80").get(0).matches("ok|in-use"), result.toString());
        // a v3 cap for a user namespace's root grants nothing on the host: refused
        LaunchFixture.run(List.of("setcap", "-n", "1000", "cap_net_bind_service=i", jar.toString()), Map.of())
                .assertOk();
        LaunchFixture.launchAsNobody(Map.of(), "ff").assertRefused("root uid 1000 of a user namespace");
        LaunchFixture.run(List.of("setcap", "-r", jar.toString()), Map.of()).assertOk();
        LaunchFixture.launchAsNobody(Map.of(), "ff").assertRefused("has no file capabilities");
    }

    /** X9: stray fds are closed; closed 0-2 are reopened on /dev/null. */
    @Test
    void strayFdsClosedAndStandardFdsReopened() throws IOException {
        Path dir = LaunchFixture.scratch();
        Path stray = Files.writeString(dir.resolve("stray-marker"), "x");
        Path report = dir.resolve("report");
        LaunchFixture.run(List.of("chmod", "777", dir.toString()), Map.of()).assertOk();
        LaunchFixture.jarPolicy("x9", "cap_net_bind_service");
        String launcher = LaunchFixture.LAUNCHER + " x9 --report-to=" + report;
        Result result = LaunchFixture.run(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", "sh", "-c", "exec 5<" + stray + " 9<" + stray
                        + " 0<&- 1>&- 2>&-; exec " + launcher), Map.of());
        assertEquals(0, result.exitCode(), result.toString());
        List<String> fds = Files.readAllLines(report).stream().filter(l -> l.startsWith("fd ")).toList();
        for (String fd : List.of("0", "1", "2")) {
            assertTrue(fds.contains("fd " + fd + " /dev/null"), fd + " reopened on /dev/null: " + fds);
        }
        assertFalse(fds.stream().anyMatch(l -> l.contains("stray-marker")), "stray fds closed: " + fds);
        // control: the same shell without the launcher hands the stray fds over
        List<String> leaked = LaunchFixture.run(List.of("sh", "-c", "exec 5<" + stray + "; ls -l /proc/self/fd/"),
                Map.of()).stdout().lines().filter(l -> l.contains("stray-marker")).toList();
        assertFalse(leaked.isEmpty(), "control: the shell does pass fd 5");
    }
}
