/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Backup: copy a tree that contains root-only 0600 files while running as `nobody` with one
 * capability, cap_dac_read_search (read any file, search any directory - and nothing else).
 *
 * Two ways to run it (SOURCE: the tree to back up; TARGET: a new directory `nobody` may create):
 *   as root: it becomes nobody itself, keeping only cap_dac_read_search, on every thread:
 *     java --enable-native-access=ALL-UNNAMED -cp target/caps4j.jar examples/Backup.java SOURCE TARGET
 *   through caps4j-launch (a policy `caps = cap_dac_read_search`, `user = nobody`, running this
 *   program packed into a jar; see the README), which starts it as nobody holding the grant:
 *     caps4j-launch backup SOURCE TARGET
 *
 * It copies every directory and regular file, checks that each copy has the SHA-256 of its
 * source, and shows that the capability does not let it write outside TARGET: creating a file
 * in SOURCE and in /etc both fail. Expected output (uid 65534 in both cases; how it got there
 * is "Identity.change" or "launched"; one sha256 line per file, sorted by path):
 *
 *   as uid 65534 gid 65534 (Identity.change), 19 threads, all identical, effective cap_dac_read_search
 *   copied 3 directories, 4 files, 1234 bytes
 *   sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 a/b/secret
 *   ...
 *   verified 4 files: every copy has its source's SHA-256
 *   write SOURCE/caps4j-backup-was-here: denied
 *   write /etc/caps4j-backup-was-here: denied
 */
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Identity;
import org.caps4j.TaskCredentials;
import org.caps4j.ThreadCensus;

public class Backup {
    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]).toAbsolutePath();
        Path target = Path.of(args[1]).toAbsolutePath();
        String how = "launched";
        if (ThreadCensus.take().majority().uids().effective() == 0) {
            // snippet:backup-identity
            Identity.change(65534, 65534, new int[0], CapabilitySet.of(Capability.DAC_READ_SEARCH));
            // end-snippet
            how = "Identity.change";
        }
        ThreadCensus census = ThreadCensus.take();
        TaskCredentials me = census.majority();
        if (!Caps.fromProcess().effective().equals(CapabilitySet.of(Capability.DAC_READ_SEARCH))) {
            System.err.println("expected to hold exactly cap_dac_read_search, not " + Caps.fromProcess());
            System.exit(1);
        }
        System.out.println("as uid " + me.uids().effective() + " gid " + me.gids().effective() + " (" + how + "), "
                + census.size() + " threads, " + (census.isUniform() ? "all identical" : "NOT uniform")
                + ", effective " + me.caps().effective());

        Path parent = target.getParent();
        if (Files.exists(target) || parent == null || !Files.isWritable(parent)) {
            // Files.isWritable asks access(2), which answers for uid and gid only: exactly the
            // question here, since the copies are created without any capability.
            System.err.println("TARGET " + target + " must be a new directory whose parent uid "
                    + me.uids().effective() + " may write to (e.g. a directory under /tmp)");
            System.exit(2);
        }
        int directories = 0;
        int files = 0;
        long bytes = 0;
        List<Path> all;
        try (Stream<Path> walk = Files.walk(source)) {
            all = walk.sorted().toList(); // readable and searchable thanks to cap_dac_read_search
        }
        for (Path path : all) {
            Path copy = target.resolve(source.relativize(path).toString());
            if (Files.isDirectory(path)) {
                Files.createDirectories(copy);
                directories++;
            } else if (Files.isRegularFile(path)) {
                // owner-only: a backup must not expose what was root-only. Not Files.copy: it
                // checks access(2) first, which ignores capabilities for a non-root uid
                Files.createFile(copy, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (InputStream in = Files.newInputStream(path); OutputStream out = Files.newOutputStream(copy)) {
                    bytes += in.transferTo(out);
                }
                files++;
            }
        }
        System.out.println("copied " + directories + " directories, " + files + " files, " + bytes + " bytes");

        int verified = 0;
        for (Path path : all) {
            if (Files.isRegularFile(path)) {
                String original = sha256(path);
                String copied = sha256(target.resolve(source.relativize(path).toString()));
                System.out.println("sha256 " + copied + " " + source.relativize(path));
                if (!original.equals(copied)) {
                    throw new IOException("copy of " + path + " differs: " + copied + " != " + original);
                }
                verified++;
            }
        }
        System.out.println("verified " + verified + " files: every copy has its source's SHA-256");

        for (Path outside : List.of(source.resolve("caps4j-backup-was-here"), Path.of("/etc/caps4j-backup-was-here"))) {
            try {
                Files.writeString(outside, "intrusion\n");
                System.out.println("write " + outside + ": WRITTEN (the capability allowed more than reading!)");
            } catch (AccessDeniedException denied) {
                System.out.println("write " + outside + ": denied");
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
