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
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * examples/Backup.java run the sysadmin's way: compiled and packed with the packaged caps4j jar
 * into one root-owned jar, started by the installed caps4j-launch test copy from {@code nobody}
 * under a policy granting only {@code cap_dac_read_search} as {@code nobody}. The example does
 * not change identity here (it is not root): everything it can read it owes to the launcher.
 */
class LaunchBackupExampleIT {
    private static final Path BACKUP_JAR = LaunchFixture.POLICY_DIR.resolve("lib").resolve("backup.jar");

    @Test
    void backupExampleRunsAsNobodyWithOnlyDacReadSearch() throws Exception {
        LaunchFixture.install();
        packBackupJar();
        LaunchFixture.policy("backup", "type = jar", "program = " + BACKUP_JAR,
                "interpreter = " + LaunchFixture.java(), "caps = cap_dac_read_search", "user = nobody",
                "group = nogroup");
        BackupTree tree = new BackupTree();
        try {
            tree.assertUnreadableByPlainNobody();
            Result result = LaunchFixture.launchAsNobody(Map.of(), "backup", tree.source.toString(),
                    tree.target.toString());
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
