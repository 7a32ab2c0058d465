package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * Tier 3, issue 9 item 1 ("same-uid swap of the extracted shim"): a process of the same uid as
 * a capability-holding JVM races every load of the bundled shim and never gets its own library
 * run.
 *
 * <p>The test creates an unprivileged user; both the attacker ({@code src/test/c/shim_swapper.c})
 * and the loading JVMs run as that user, the JVMs with {@code cap_net_bind_service} in their
 * ambient set (as under systemd's {@code AmbientCapabilities=} or a caps4j-launch jar policy).
 * The attacker replaces, the moment it is closed after writing, every file its uid creates in
 * /tmp or in a directory its uid creates there, and tries to overwrite every memfd its uid's
 * processes hold. Its library ({@code swap_payload.c}) writes a marker when it runs.
 *
 * <p>Against the loader that extracted to {@code /tmp/caps4j-*}{@code /libcaps4j.so} this test
 * fails: the swapper replaced the extracted file and the payload ran with the JVM's capability.
 * With the memfd loader the shim is mapped from {@code /memfd:libcaps4j.so} and the JVM's uid
 * creates nothing in /tmp at all.
 */
class ShimSwapRaceTest {
    private static final int LAUNCHES = 20;

    @Test
    void aSameUidSwapperNeverGetsItsLibraryIntoACapableJvm() throws Exception {
        Privileged.requireRoot();
        Path work = LoaderFixture.freshDirectory("shim-swap");
        try (ScratchUser user = ScratchUser.create("caps4j-swaptest")) {
            Path swapper = LoaderFixture.compile("shim_swapper", work, false);
            Path payload = LoaderFixture.compile("swap_payload", work, true);
            Path out = Files.createDirectory(work.resolve("out"));
            Files.setOwner(out, out.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(user.name));
            Path log = out.resolve("swapper.log");
            Path marker = out.resolve("payload-ran");

            List<String> attack = new ArrayList<>(user.setpriv());
            attack.addAll(List.of(swapper.toString(), payload.toString(), log.toString(), "600"));
            // A crashed earlier run may have left files of a recycled uid: compare, not expect none.
            List<Path> before = ownedBy(user.uid, Path.of("/tmp"));
            Process attacker = new ProcessBuilder(attack).redirectErrorStream(true)
                    .redirectOutput(out.resolve("swapper.out").toFile()).start();
            try {
                awaitReady(attacker, log);
                for (int launch = 1; launch <= LAUNCHES; launch++) {
                    ChildJvm.Result child = launchAsUser(user, marker);
                    int n = launch;
                    assertFalse(Files.exists(marker), () -> "launch " + n + ": attacker code ran: "
                            + read(marker) + "\nswapper log:\n" + read(log) + "\nchild: " + child);
                    String report = child.assertSuccess().stdout();
                    assertTrue(report.contains("map=") && report.lines().filter(l -> l.startsWith("map="))
                            .allMatch(l -> l.endsWith("/memfd:libcaps4j.so (deleted)")), report);
                    assertTrue(report.contains("CapEff:\t0000000000000400"), report);
                }
            } finally {
                attacker.destroy();
                attacker.waitFor();
            }
            String attempts = read(log);
            assertTrue(attempts.startsWith("ready"), attempts);
            assertFalse(attempts.contains("swapped") || attempts.contains("OVERWRITTEN"), attempts);
            assertFalse(attempts.contains("created by our uid: /tmp/"),
                    () -> "the JVM's uid created files under /tmp:\n" + attempts);
            assertEquals(before, ownedBy(user.uid, Path.of("/tmp")),
                    "the test user's JVMs left files in /tmp");
        } finally {
            LoaderFixture.deleteTree(work);
        }
    }

    /** One child JVM as the user with cap_net_bind_service ambient. */
    private static ChildJvm.Result launchAsUser(ScratchUser user, Path marker) {
        List<String> command = new ArrayList<>(user.setpriv());
        command.addAll(List.of("--inh-caps=+net_bind_service", "--ambient-caps=+net_bind_service",
                "env", "CAPS4J_SWAP_MARKER=" + marker));
        // No hsperfdata file: the JVM's own /tmp file would hide whether caps4j writes one.
        command.addAll(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-XX:-UsePerfData"), ShimMapsMain.class.getName()));
        return ChildJvm.exec(command);
    }

    private static void awaitReady(Process attacker, Path log) throws Exception {
        for (int i = 0; i < 500 && !(Files.exists(log) && read(log).startsWith("ready")); i++) {
            assertTrue(attacker.isAlive(), () -> "shim_swapper exited " + attacker.exitValue());
            Thread.sleep(10);
        }
        assertTrue(read(log).startsWith("ready"), "shim_swapper did not start watching /tmp");
    }

    /** Entries directly in {@code dir} owned by {@code uid} (other builds' files are ignored). */
    private static List<Path> ownedBy(int uid, Path dir) throws IOException {
        List<Path> owned = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                try {
                    if ((Integer) Files.getAttribute(entry, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid) {
                        owned.add(entry);
                    }
                } catch (IOException gone) {
                    // removed by its owner while we listed: not the test user's
                }
            }
        }
        return owned;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
