/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
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
 * <p>Control first: the same attacker races the loader caps4j had before ({@link
 * TmpExtractionMain}: extract to {@code /tmp/caps4j-*}, load by path) and must get its payload run
 * with the JVM's capability, else a pass below would prove nothing. With caps4j's loader in that
 * place, this test failed at its first launch. With the memfd loader the shim is mapped from
 * {@code /memfd:libcaps4j.so}, the seals refuse writes, and the JVM's uid creates nothing in /tmp.
 */
class ShimSwapRaceTest {
    private static final int LAUNCHES = 20;
    private static final int CONTROL_LAUNCHES = 20;
    private static final String CONTROL_DONE = "--- control done\n";

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
                System.out.println("shim swap control: the swapper beat the /tmp-extracting loader"
                        + " at launch " + attackerWinsAgainstTmpExtraction(user, marker, log));
                Files.delete(marker);
                removeFilesOf(user.uid, Path.of("/tmp"), before);
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
            String whole = read(log);
            String attempts = whole.substring(whole.indexOf(CONTROL_DONE) + CONTROL_DONE.length());
            assertFalse(attempts.contains("swapped") || attempts.contains("OVERWRITTEN"), attempts);
            assertFalse(attempts.contains("created by our uid: /tmp/"),
                    () -> "the JVM's uid created files under /tmp:\n" + attempts);
            assertEquals(before, ownedBy(user.uid, Path.of("/tmp")),
                    "the test user's JVMs left files in /tmp");
        } finally {
            LoaderFixture.deleteTree(work);
        }
    }

    /**
     * The control: the same attacker against the loader caps4j had before issue 9 (extract to
     * /tmp, load by path). Returns how many launches it took the attacker to get its library
     * run with the JVM's capability; fails if it never did, since then a pass below would prove
     * nothing.
     */
    private static int attackerWinsAgainstTmpExtraction(ScratchUser user, Path marker, Path log)
            throws IOException {
        for (int launch = 1; launch <= CONTROL_LAUNCHES; launch++) {
            launchAsUser(user, marker, TmpExtractionMain.class);
            if (Files.exists(marker)) {
                assertTrue(read(marker).contains("CapEff:\t0000000000000400"), read(marker));
                Files.writeString(log, CONTROL_DONE, java.nio.file.StandardOpenOption.APPEND);
                return launch;
            }
        }
        throw new AssertionError("control failed: in " + CONTROL_LAUNCHES + " launches the"
                + " swapper never beat even the /tmp-extracting loader:\n" + read(log));
    }

    /** Deletes what the control left in /tmp as the test user (the attacker's staged copies). */
    private static void removeFilesOf(int uid, Path dir, List<Path> keep) throws IOException {
        for (Path leftover : ownedBy(uid, dir)) {
            if (!keep.contains(leftover)) {
                LoaderFixture.deleteTree(leftover);
            }
        }
    }

    /** One child JVM as the user with cap_net_bind_service ambient. */
    private static ChildJvm.Result launchAsUser(ScratchUser user, Path marker) {
        return launchAsUser(user, marker, ShimMapsMain.class);
    }

    private static ChildJvm.Result launchAsUser(ScratchUser user, Path marker, Class<?> main) {
        List<String> command = new ArrayList<>(user.setpriv());
        command.addAll(List.of("--inh-caps=+net_bind_service", "--ambient-caps=+net_bind_service",
                "env", "CAPS4J_SWAP_MARKER=" + marker));
        // No hsperfdata file: the JVM's own /tmp file would hide whether caps4j writes one.
        command.addAll(ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-XX:-UsePerfData"), main.getName()));
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
