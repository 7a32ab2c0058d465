/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.caps4j.internal.FileXattr;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FileCaps against libcap's own tools, both ways: what {@code setcap} writes, {@link FileCaps#read}
 * decodes to what {@code getcap} prints (and to the bytes we would write); what
 * {@link FileCaps#write} writes, {@code getcap} prints identically. Root only (writing needs
 * CAP_SETFCAP); the error cases need no privilege but run here too.
 */
class FileCapsOracleTest {
    @TempDir
    Path dir;

    private static String tool(String name) {
        Privileged.requireRoot();
        return Privileged.requireTool(name).toString();
    }

    private Path newFile(String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[] {1});
    }

    /** What getcap prints for {@code file} after the name, or "" if it prints nothing. */
    private static String getcap(Path file, String... options) {
        List<String> command = new java.util.ArrayList<>(List.of(tool("getcap")));
        command.addAll(List.of(options));
        command.add(file.toString());
        String out = ChildJvm.exec(command).assertSuccess().stdout().strip();
        if (out.isEmpty()) {
            return "";
        }
        assertTrue(out.startsWith(file + " "), out);
        return out.substring(file.toString().length() + 1);
    }

    private static void setcap(String text, Path file, String... options) {
        List<String> command = new java.util.ArrayList<>(List.of(tool("setcap")));
        command.addAll(List.of(options));
        command.addAll(List.of(text, file.toString()));
        ChildJvm.exec(command).assertSuccess();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cap_net_raw+ep", "cap_net_raw=p", "cap_net_raw+i", "cap_net_raw+eip",
            "cap_chown,cap_kill+p cap_setuid+i", "cap_chown+pe cap_setuid+ie", "all=ep", "all=p",
            "all+i", "=", "12+ep", "0,5,40+p", "cap_sys_admin,cap_setfcap=eip",
            "cap_dac_read_search+ei cap_net_bind_service+p cap_net_bind_service+e"})
    void readsWhatSetcapWroteAndWritesWhatGetcapPrints(String text) throws IOException {
        Path bySetcap = newFile("by-setcap");
        setcap(text, bySetcap);
        String printed = getcap(bySetcap);

        FileCaps read = FileCaps.read(bySetcap).orElseThrow();
        assertEquals(printed, read.toString(), "decoded like cap_get_file + cap_to_text");
        assertEquals(Caps.parse(text), read.caps());
        assertEquals(FileCaps.Revision.V2, read.revision());
        assertEquals(OptionalLong.empty(), read.rootUid());

        Path byCaps4j = newFile("by-caps4j");
        FileCaps ours = FileCaps.of(Caps.parse(text));
        assertEquals(read, ours);
        ours.write(byCaps4j);
        assertEquals(printed, getcap(byCaps4j), "getcap prints what setcap would have written");
        assertArrayEquals(FileXattr.get(bySetcap).orElseThrow(),
                FileXattr.get(byCaps4j).orElseThrow(), "the very same bytes");
        assertEquals(Optional.of(ours), FileCaps.read(byCaps4j));
    }

    @Test
    void anEffectiveSetSetcapRefusesIsRefusedByUsWithTheRule() throws IOException {
        Path file = newFile("mixed");
        ChildJvm.Result refused = ChildJvm.exec(List.of(tool("setcap"),
                "cap_net_raw+ep cap_chown+p", file.toString()));
        assertNotEquals(0, refused.exitCode(), "libcap refuses too: " + refused);
        IllegalArgumentException ours = assertThrows(IllegalArgumentException.class,
                () -> FileCaps.of(Caps.parse("cap_net_raw+ep cap_chown+p")));
        assertTrue(ours.getMessage().contains("one effective bit"), ours.getMessage());
        assertEquals(Optional.empty(), FileCaps.read(file), "nothing was written");
    }

    @Test
    void namespacedV3BothWays() throws IOException {
        Path bySetcap = newFile("v3-setcap");
        setcap("cap_net_raw+ep", bySetcap, "-n", "1000");
        FileCaps read = FileCaps.read(bySetcap).orElseThrow();
        assertEquals(FileCaps.Revision.V3, read.revision());
        assertEquals(OptionalLong.of(1000), read.rootUid());
        assertEquals("cap_net_raw=ep", read.toString());
        assertEquals(read.toString() + " [rootid=1000]", getcap(bySetcap, "-n"));

        Path byCaps4j = newFile("v3-caps4j");
        FileCaps ours = FileCaps.of(Caps.parse("cap_net_raw+ep"), 1000);
        assertEquals(read, ours);
        ours.write(byCaps4j);
        assertEquals("cap_net_raw=ep [rootid=1000]", getcap(byCaps4j, "-n"));
        assertArrayEquals(FileXattr.get(bySetcap).orElseThrow(), FileXattr.get(byCaps4j).orElseThrow());
    }

    @Test
    void removeThenReadIsEmpty() throws IOException {
        Path file = newFile("removed");
        assertEquals(Optional.empty(), FileCaps.read(file), "a fresh file has none");
        assertFalse(FileCaps.remove(file), "nothing to remove");
        FileCaps.of(Caps.parse("cap_net_raw+p")).write(file);
        assertEquals("cap_net_raw=p", getcap(file));
        assertTrue(FileCaps.remove(file));
        assertEquals(Optional.empty(), FileCaps.read(file));
        assertEquals("", getcap(file), "getcap agrees that it is gone");
    }

    @Test
    void writingTheFileOrChangingItsOwnerClearsTheCaps() throws IOException {
        Path file = newFile("cleared");
        FileCaps.of(Caps.parse("cap_net_raw+ep")).write(file);
        Files.write(file, new byte[] {2}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Optional.empty(), FileCaps.read(file), "the kernel clears them on write");
        FileCaps.of(Caps.parse("cap_net_raw+ep")).write(file);
        ChildJvm.exec(List.of("chown", "0:0", file.toString())).assertSuccess();
        assertEquals(Optional.empty(), FileCaps.read(file), "and on chown, even to the same owner");
    }

    @Test
    void aSymlinkIsRefusedAndItsTargetIsLeftAlone() throws IOException {
        Path target = newFile("target");
        setcap("cap_chown+p", target);
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        FileSystemException read = assertThrows(FileSystemException.class, () -> FileCaps.read(link));
        assertEquals(link.toString(), read.getFile());
        assertTrue(read.getMessage().contains("is a symbolic link, not a regular file"), read.getMessage());
        assertThrows(FileSystemException.class,
                () -> FileCaps.of(Caps.parse("cap_sys_admin+ep")).write(link));
        assertThrows(FileSystemException.class, () -> FileCaps.remove(link));
        assertEquals("cap_chown=p", getcap(target), "the link's target was never changed");
    }

    @Test
    void aPathSwappedBetweenAFileAndASymlinkNeverChangesTheLinkTarget() throws Exception {
        Privileged.requireRoot();
        Path victim = newFile("victim");
        Path decoy = newFile("decoy");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, victim);
        Path path = dir.resolve("swapped");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread swapper = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Files.move(decoy, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.move(path, decoy, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.move(link, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.move(path, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        swapper.start();
        FileCaps caps = FileCaps.of(Caps.parse("cap_sys_admin+ep"));
        int written = 0;
        int refused = 0;
        try {
            // At least 3,000 tries, and on until both outcomes were seen: on a loaded machine
            // the swapper may not be scheduled for a whole batch of tries.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; i < 3000 || ((written == 0 || refused == 0)
                    && System.nanoTime() < deadline); i++) {
                try {
                    caps.write(path);
                    written++;
                } catch (NoSuchFileException e) {
                    // between two moves
                } catch (FileSystemException e) {
                    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertTrue(written > 0 && refused > 0, "the race was exercised: written " + written
                + ", refused " + refused);
        assertEquals(Optional.empty(), FileCaps.read(victim), "the symlink's target never got caps");
        assertEquals(Optional.of(caps), FileCaps.read(decoy));
    }

    @Test
    void directoriesMissingFilesFifosAndDevicesGiveIoExceptionsNamingThePath() throws Exception {
        Privileged.requireTool("mkfifo");
        FileSystemException directory = assertThrows(FileSystemException.class,
                () -> FileCaps.read(dir));
        assertEquals(dir + ": is a directory, not a regular file: file capabilities exist only "
                + "on regular files", directory.getMessage());

        Path missing = dir.resolve("missing");
        NoSuchFileException absent = assertThrows(NoSuchFileException.class,
                () -> FileCaps.read(missing));
        assertEquals(missing.toString(), absent.getFile());
        assertThrows(NoSuchFileException.class,
                () -> FileCaps.of(Caps.parse("cap_chown+p")).write(missing));
        assertFalse(Files.exists(missing), "write never creates a file");

        Path fifo = dir.resolve("fifo");
        ChildJvm.exec(List.of("mkfifo", fifo.toString())).assertSuccess();
        FileSystemException pipe = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(FileSystemException.class, () -> FileCaps.read(fifo)),
                "a FIFO without a writer must not block");
        assertTrue(pipe.getMessage().startsWith(fifo + ": is a FIFO, not a regular file"),
                pipe.getMessage());

        FileSystemException device = assertThrows(FileSystemException.class,
                () -> FileCaps.read(Path.of("/dev/null")));
        assertTrue(device.getMessage().contains("is a character device"), device.getMessage());
    }
}
