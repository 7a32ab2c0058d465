/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.caps4j.examples.BackupTree;
import org.caps4j.launch.LaunchFixture.Result;
import org.caps4j.launch.LaunchUsers.User;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * examples/Backup.java run the sysadmin's way: compiled and packed with the packaged caps4j jar
 * into one root-owned jar, started by the installed caps4j-launch test copy under a policy
 * granting only {@code cap_dac_read_search} as {@code nobody}, which only members of one group may
 * run, and only with the pinned source and target. The example does not change identity here (it
 * is not root): everything it can read it owes to the launcher.
 *
 * Issue 9 item 5: as first documented, the policy let any local user copy any root-only file
 * ({@code caps4j-launch backup /root/secret $HOME/loot}). The test runs that attack for real, as a
 * throwaway outsider, as {@code nobody}, and as the allowed operator with other paths.
 */
class LaunchBackupExampleIT {
    private static final Path BACKUP_JAR = LaunchFixture.POLICY_DIR.resolve("lib").resolve("backup.jar");

    /** The path as a POSIX extended regular expression matching exactly it. */
    private static String literal(Path path) {
        return path.toString().replaceAll("([.\\[\\]()*+?{}|^$\\\\])", "\\\\$1");
    }

    @Test
    void backupExampleRunsForItsOperatorsWithPinnedPathsOnly() throws Exception {
        LaunchFixture.install();
        packBackupJar();
        BackupTree tree = new BackupTree();
        try (LaunchUsers users = new LaunchUsers()) {
            String operators = users.group("bk");
            User operator = users.user("bkop", operators);
            User outsider = users.user("bkout");
            // the README's policy, with this tree's paths
            LaunchFixture.policy("backup", "type = jar", "program = " + BACKUP_JAR,
                    "interpreter = " + LaunchFixture.java(), "caps = cap_dac_read_search", "user = nobody",
                    "group = nogroup", "allow-group = " + operators, "arg = ^" + literal(tree.source) + "$",
                    "arg = ^" + literal(tree.target) + "$", "umask = 077");
            tree.assertUnreadableByPlainNobody();

            Path secret = Files.writeString(tree.root.resolve("secret"), "root only\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Path loot = Files.createDirectory(tree.root.resolve("loot"));
            LaunchFixture.run(List.of("chown", outsider.name() + ":nogroup", loot.toString()), Map.of()).assertOk();
            LaunchFixture.run(List.of("chmod", "777", loot.toString()), Map.of()).assertOk();
            String[] attack = {secret.toString(), loot.resolve("copy").toString()};
            outsider.launch(Map.of(), "backup", attack).assertRefused("may not run policy backup");
            LaunchFixture.launchAsNobody(Map.of(), "backup", attack).assertRefused("may not run policy backup");
            operator.launch(Map.of(), "backup", attack).assertRefused("argument 1 does not match");
            operator.launch(Map.of(), "backup", tree.source + "/../secret", tree.target.toString())
                    .assertRefused("argument 1 contains a '..' component");
            operator.launch(Map.of(), "backup", tree.source.toString(), loot.resolve("copy").toString())
                    .assertRefused("argument 2 does not match");
            try (Stream<Path> left = Files.list(loot)) {
                assertEquals(List.of(), left.toList(), "nothing was copied for the attacker");
            }

            Result result = operator.launch(Map.of(), "backup", tree.source.toString(), tree.target.toString());
            assertEquals(0, result.exitCode(), result.toString());
            List<String> out = result.stdout().lines().toList();
            assertTrue(out.get(0).matches("as uid 65534 gid 65534 \\(launched\\), \\d+ threads, "
                    + "all identical, effective cap_dac_read_search"), result.toString());
            tree.assertBackedUp(out);
        } finally {
            tree.delete();
        }
    }

    /** javac examples/Backup.java against the packaged jar; one jar of both, root-owned 0644. */
    private static void packBackupJar() throws IOException {
        Path caps4j = Path.of(System.getProperty("caps4j.test.jar", "target/caps4j.jar")).toAbsolutePath();
        Privileged.require(Files.isRegularFile(caps4j), "needs the packaged jar " + caps4j + " (mvn verify)");
        Path classes = Files.createTempDirectory("caps4j-backup-classes-");
        try {
            String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
            LaunchFixture.run(List.of(javac, "--release", "22", "-cp", caps4j.toString(), "-d", classes.toString(),
                    Path.of("examples", "Backup.java").toAbsolutePath().toString()), Map.of()).assertOk();
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Backup");
            manifest.getMainAttributes().putValue("Enable-Native-Access", "ALL-UNNAMED");
            try (OutputStream file = Files.newOutputStream(BACKUP_JAR);
                    JarOutputStream out = new JarOutputStream(file, manifest);
                    JarFile library = new JarFile(caps4j.toFile())) {
                for (JarEntry entry : (Iterable<JarEntry>) library.stream()::iterator) {
                    if (!entry.getName().equals(JarFile.MANIFEST_NAME) && !entry.getName().equals("META-INF/")) {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        try (var in = library.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
                try (Stream<Path> compiled = Files.list(classes)) {
                    for (Path c : compiled.toList()) {
                        out.putNextEntry(new JarEntry(c.getFileName().toString()));
                        Files.copy(c, out);
                        out.closeEntry();
                    }
                }
            }
            Files.setPosixFilePermissions(BACKUP_JAR, PosixFilePermissions.fromString("rw-r--r--"));
        } finally {
            LaunchFixture.run(List.of("rm", "-rf", classes.toString()), Map.of());
        }
    }
}
