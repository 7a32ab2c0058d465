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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Launcher, as root in fresh child JVMs (see {@link LauncherMain}): the child gets exactly the
 * requested IAB and ids for every launch mechanism, while every JVM thread keeps its
 * credentials (census before and after); bad requests are refused before anything starts;
 * 200 concurrent launches leave the JVM unchanged; a capability has a real effect.
 */
class LauncherTest {
    private static final long NET_RAW = 1L << 13;

    private static Map<String, String> run(List<String> prefix, String mechanism,
            String... args) {
        return run(true, prefix, mechanism, args);
    }

    private static Map<String, String> run(boolean unchanged, List<String> prefix,
            String mechanism, String... args) {
        List<String> command = new ArrayList<>(prefix);
        List<String> options = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        if (mechanism != null) {
            options.add("-Djdk.lang.Process.launchMechanism=" + mechanism);
        }
        command.addAll(ChildJvm.javaCommand(options, LauncherMain.class.getName()));
        command.addAll(List.of(args));
        ChildJvm.Result child = ChildJvm.exec(command).assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        assertEquals(Boolean.toString(unchanged), ChildOutput.get(out, "census.same", child),
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

    @ParameterizedTest
    @ValueSource(strings = {"POSIX_SPAWN", "VFORK", "FORK"})
    void childGetsExactlyTheRequestedIabAndIds(String mechanism) throws Exception {
        Privileged.requireRoot();
        Map<String, String> out = run(List.of(), mechanism, "status");
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
        Map<String, String> out = run(List.of(), null, "noprivmode");
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
        // root without net_raw and setuid in its bounding (hence permitted) set
        Map<String, String> out = run(List.of(setpriv.toString(), "--bounding-set=-net_raw,"
                + "-setuid", "--"), null, "refused", setuid.toString(), fileCaps.toString());
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
        String withMode = out.get("ambientWithMode");
        assertTrue(withMode.startsWith("CapabilityPermissionException")
                && withMode.contains("PURE1E") && withMode.contains("NO_CAP_AMBIENT_RAISE"),
                withMode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POSIX_SPAWN", "VFORK", "FORK"})
    void twoHundredConcurrentLaunchesLeaveTheJvmUnchanged(String mechanism) {
        Privileged.requireRoot();
        Map<String, String> out = run(List.of(), mechanism, "many");
        assertEquals("200", out.get("many.ok"), out.toString());
    }

    /**
     * The JDK's ProcessBuilder.start() creates a "process reaper" thread from the calling thread
     * when none is idle; from the launch thread it would keep the child's credentials. Without
     * the reserve that prevents it, the launch must fail and kill the child, not report success.
     */
    @Test
    void aThreadTheJdkCreatesFromTheLaunchThreadFailsTheLaunch() {
        Privileged.requireRoot();
        Map<String, String> out = run(false, List.of(), null, "noreserve");
        String message = out.get("noreserve");
        assertTrue(message.contains("process reaper") && message.contains("Uid 65534")
                && message.contains("the child was killed"), message);
        assertEquals("null", out.get("second"));
    }

    @Test
    void dacReadSearchLetsANobodyChildReadARootOnlyFile(@TempDir Path dir) throws Exception {
        Privileged.requireRoot();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "root-only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> out = run(List.of(), null, "read", secret.toString());
        assertEquals("0 root-only", out.get("read[^cap_dac_read_search]"));
        assertTrue(out.get("read[]").startsWith("1"), "without it cat fails: " + out);
    }
}
