/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launcher, as root in fresh child JVMs (see {@link LauncherMain}): the child gets exactly the
 * requested IAB and ids while every JVM thread keeps its credentials (census before and after,
 * and a watching census during the launches); bad requests are refused before anything
 * starts; a capability has a real effect.
 */
class LauncherTest {
    private static final long NET_RAW = 1L << 13;

    private static Map<String, String> run(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED"),
                LauncherMain.class.getName()));
        command.addAll(List.of(args));
        ChildJvm.Result child = ChildJvm.exec(command).assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        assertEquals("true", ChildOutput.get(out, "census.same", child),
                "every JVM thread unchanged: " + out.get("census.detail") + "\n" + child);
        return out;
    }

    private static long jvmBounding() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapBnd:")) {
                return Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        throw new AssertionError("no CapBnd");
    }

    private static String hex(long mask) {
        return String.format("%016x", mask);
    }

    @Test
    void childGetsExactlyTheRequestedIabAndIds() throws Exception {
        Privileged.requireRoot();
        Map<String, String> out = run(List.of(), "status");
        assertEquals("cat", out.get("child.Name"), out.toString());
        assertEquals("65534 65534 65534 65534", out.get("child.Uid"));
        assertEquals("65534 65534 65534 65534", out.get("child.Gid"));
        assertEquals("65534", out.get("child.Groups"));
        assertEquals(hex(1L << 10), out.get("child.CapAmb"));
        assertEquals(hex(1L << 10), out.get("child.CapInh"));
        assertEquals(hex(1L << 10), out.get("child.CapPrm"));
        assertEquals(hex(1L << 10), out.get("child.CapEff"));
        assertEquals(hex(jvmBounding() & ~NET_RAW), out.get("child.CapBnd"));
        assertEquals("1", out.get("child.NoNewPrivs"));
        assertEquals("0", out.get("child.exit"));
    }

    @Test
    void modeNoprivReachesTheChildOnly() throws Exception {
        Privileged.requireRoot();
        Map<String, String> out = run(List.of(), "noprivmode");
        assertEquals("0 0 0 0", out.get("child.Uid"), "still root, but powerless");
        for (String set : new String[] {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"}) {
            assertEquals(hex(0), out.get("child." + set), set);
        }
        assertEquals("1", out.get("child.NoNewPrivs"));
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Privileged.requireRoot();
        Path setpriv = Privileged.requireTool("setpriv");
        Path setuid = dir.resolve("setuid-true");
        Files.copy(Path.of("/bin/true"), setuid);
        Files.setAttribute(setuid, "unix:mode", 04755);
        Path fileCaps = dir.resolve("filecaps-true");
        Files.copy(Path.of("/bin/true"), fileCaps);
        ChildJvm.exec(List.of(Privileged.requireTool("setcap").toString(), "cap_net_raw+p",
                fileCaps.toString())).assertSuccess();
        Path script = Files.writeString(dir.resolve("script"), "#!" + fileCaps + "\n");
        Files.setAttribute(script, "unix:mode", 0755);
        // root without net_raw and setuid in its bounding (hence permitted) set
        Map<String, String> out = run(List.of(setpriv.toString(), "--bounding-set=-net_raw,"
                + "-setuid", "--"), "refused", setuid.toString(), fileCaps.toString(),
                script.toString());
        String notPermitted = out.get("ambientNotPermitted");
        assertTrue(notPermitted.startsWith("CapabilityPermissionException")
                && notPermitted.contains("cap_net_raw") && notPermitted.contains("permitted set")
                && notPermitted.contains("nothing was started"), notPermitted);
        String noSetuid = out.get("userWithoutSetuid");
        assertTrue(noSetuid.startsWith("CapabilityPermissionException")
                && noSetuid.contains("cap_setuid") && noSetuid.contains("uid 0"), noSetuid);
        String setuidTarget = out.get("setuidTarget");
        assertTrue(setuidTarget.startsWith("CapabilityPermissionException")
                && setuidTarget.contains("set-user-id") && setuidTarget.contains("4755")
                && setuidTarget.contains("clears the ambient set"), setuidTarget);
        String fileCapsTarget = out.get("fileCapsTarget");
        assertTrue(fileCapsTarget.startsWith("CapabilityPermissionException")
                && fileCapsTarget.contains("has file capabilities (cap_net_raw=p)")
                && fileCapsTarget.contains("clears the ambient set"), fileCapsTarget);
        String scriptTarget = out.get("scriptInterpreterFileCaps");
        assertTrue(scriptTarget.startsWith("CapabilityPermissionException")
                && scriptTarget.contains("is a script run by " + fileCaps)
                && scriptTarget.contains("has file capabilities (cap_net_raw=p)"), scriptTarget);
        String withMode = out.get("ambientWithMode");
        assertTrue(withMode.startsWith("CapabilityPermissionException")
                && withMode.contains("PURE1E") && withMode.contains("NO_CAP_AMBIENT_RAISE"),
                withMode);
    }

    /**
     * 200 launches from 8 threads with random IABs (including {@code !%} entries), ids and
     * no_new_privs: every child shows exactly what was asked, and an independent census that
     * re-read every JVM task the whole time (the reaper threads the launches created included)
     * never saw one with other credentials.
     */
    @Test
    void twoHundredRandomLaunchesFromEightThreadsLeaveEveryJvmThreadUnchanged() {
        Privileged.requireRoot();
        Map<String, String> out = run(List.of(), "many");
        assertEquals("200", out.get("many.ok"), out.toString());
        assertEquals("none", out.get("watch.differing"), out.toString());
        assertTrue(Integer.parseInt(out.get("watch.sweeps")) > 10, out.toString());
        assertTrue(Integer.parseInt(out.get("watch.reapers")) > 0,
                "threads created during the launches were watched too: " + out);
    }

    /**
     * A step the kernel refuses only in the child (setgroups in a user namespace whose
     * /proc/self/setgroups says deny) names the system call, the errno and what to do, and
     * nothing runs.
     */
    @Test
    void aCredentialStepThatFailsInTheChildNamesTheStep() {
        Privileged.requireRoot();
        Path unshare = Privileged.requireTool("unshare");
        Map<String, String> out = run(List.of(unshare.toString(), "-Ur"), "stepfails");
        String message = out.get("stepfails");
        assertTrue(message.startsWith("CapabilityPermissionException") && message.contains(
                "setgroups") && message.contains("EPERM") && message.contains("in the child "
                + "before it executed true") && message.contains("/proc/self/setgroups"),
                message);
    }

    /**
     * The child reads its state back before it executes anything: when the kernel does not
     * hold what the steps reported (a seccomp filter fakes the ambient raise), the launch
     * fails naming the field, and the program never runs.
     */
    @Test
    void aChildWhoseStateDiffersFromThePlanNeverRunsTheProgram() {
        Privileged.requireRoot();
        Map<String, String> out = run(List.of(), "verifyfails");
        String message = out.get("verifyfails");
        assertTrue(message.startsWith("CapabilityException") && message.contains(
                "to reach the requested state in the child") && message.contains("ambient"),
                message);
    }

    /**
     * libcap is the reference for what an IAB does: the same IAB given to {@code capsh} (as
     * nobody, then {@code --iab}) and to the launcher leaves the two children in the same
     * state, {@code !%} entries (inheritable and blocked) included. In-process: a launch
     * changes no JVM thread, so the test JVM itself is safe to launch from.
     */
    @Test
    void theChildsStateEqualsWhatCapshProducesForTheSameIab() throws Exception {
        Privileged.requireRoot();
        Path capsh = Privileged.requireTool("capsh");
        String fields = "^(Cap|Uid|Gid|Groups|NoNewPrivs)";
        for (String iab : List.of("!%cap_net_admin", "^cap_net_bind_service,!cap_net_raw",
                "!%cap_net_admin,^cap_net_bind_service,!cap_net_raw,%cap_chown",
                "cap_sys_time,!%cap_kill,^cap_dac_read_search", "")) {
            ProcessBuilder libcap = new ProcessBuilder(capsh.toString(), "--user=nobody",
                    "--iab=" + iab, "--", "-c", "exec grep -E '" + fields + "' /proc/self/status");
            ProcessBuilder ours = new ProcessBuilder("grep", "-E", fields, "/proc/self/status");
            String expected = output(libcap.start());
            String actual = output(org.caps4j.Launcher.of(ours).iab(org.caps4j.Iab.parse(iab))
                    .user(65534, 65534, 65534).start());
            assertTrue(expected.contains("CapInh:"), expected);
            assertEquals(expected, actual, "IAB " + iab);
        }
    }

    private static String output(Process process) throws Exception {
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    @Test
    void dacReadSearchLetsANobodyChildReadARootOnlyFile(@TempDir Path dir) throws Exception {
        Privileged.requireRoot();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "root-only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> out = run(List.of(), "read", secret.toString());
        assertEquals("0 root-only", out.get("read[^cap_dac_read_search]"));
        assertTrue(out.get("read[]").startsWith("1"), "without it cat fails: " + out);
    }
}
