/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.caps4j.testing.ChildJvm;

/**
 * The tree examples/Backup.java copies in the tests: root-owned directories (0700) and files
 * (0600, one of them 200 KiB) in a root-owned 0755 temporary directory, next to an empty
 * directory owned by {@code nobody} that receives the copy. The expected SHA-256 of each file is
 * computed here, by the test as root, not by the example.
 */
public final class BackupTree {
    public final Path root;
    public final Path source;
    public final Path target;
    /** Relative path of each file to its SHA-256, sorted as the example prints them. */
    public final Map<String, String> sha256 = new TreeMap<>();
    private static final List<String> DIRECTORIES = List.of("etc", "etc/ssl", "etc/ssl/private", "home",
            "home/alice", "empty");
    private static final List<String> FILES = List.of("etc/shadow", "etc/ssl/private/server.key",
            "home/alice/notes.txt", "home/alice/blob.bin", "top-level");

    public BackupTree() {
        try {
            root = Files.createTempDirectory("caps4j-backup-");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            source = root.resolve("source");
            Files.createDirectory(source);
            Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwx------"));
            for (String dir : DIRECTORIES) {
                Path path = Files.createDirectory(source.resolve(dir));
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            }
            Random random = new Random(42);
            for (String file : FILES) {
                byte[] content = new byte[file.endsWith(".bin") ? 200 * 1024 : 100 + random.nextInt(900)];
                random.nextBytes(content);
                Path path = Files.write(source.resolve(file), content);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
                sha256.put(file, hex(content));
            }
            Path out = Files.createDirectory(root.resolve("out"));
            ChildJvm.exec(List.of("chown", "nobody:nogroup", out.toString())).assertSuccess();
            target = out.resolve("copy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long bytes() {
        return FILES.stream().mapToLong(f -> source.resolve(f).toFile().length()).sum();
    }

    /** The files really are out of nobody's reach without the capability (control). */
    public void assertUnreadableByPlainNobody() {
        ChildJvm.Result cat = ChildJvm.exec(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", "cat", source.resolve("etc/shadow").toString()));
        assertNotEquals(0, cat.exitCode(), "nobody without the capability must not read it");
        assertTrue(cat.stderr().contains("Permission denied"), cat.stderr());
    }

    /** Asserts the example's whole output after its first line, and the copy on disk. */
    public void assertBackedUp(List<String> out) throws IOException {
        List<String> expected = new ArrayList<>();
        expected.add("copied " + (DIRECTORIES.size() + 1) + " directories, " + FILES.size() + " files, " + bytes()
                + " bytes");
        sha256.forEach((file, sum) -> expected.add("sha256 " + sum + " " + file));
        expected.add("verified " + FILES.size() + " files: every copy has its source's SHA-256");
        expected.add("write " + source.resolve("caps4j-backup-was-here") + ": denied");
        expected.add("write /etc/caps4j-backup-was-here: denied");
        assertEquals(expected, out.subList(1, out.size()));
        for (Map.Entry<String, String> file : sha256.entrySet()) {
            Path copy = target.resolve(file.getKey());
            assertEquals(file.getValue(), hex(Files.readAllBytes(copy)), "checksum of the copy " + copy);
            PosixFileAttributes attributes = Files.readAttributes(copy, PosixFileAttributes.class);
            assertEquals("nobody", attributes.owner().getName(), copy.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(attributes.permissions()), copy.toString());
        }
        assertTrue(Files.isDirectory(target.resolve("empty")));
        assertFalse(Files.exists(source.resolve("caps4j-backup-was-here")));
        assertFalse(Files.exists(Path.of("/etc/caps4j-backup-was-here")));
    }

    public void delete() {
        ChildJvm.exec(List.of("rm", "-rf", root.toString()));
    }

    private static String hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
