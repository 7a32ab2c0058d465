/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.FileCaps;

/**
 * The findings {@code audit} reports for a file with capabilities: capabilities that amount
 * to root ({@link Explanations}), set-id bits, a V3 namespace root, and the file or a
 * directory on its path being writable by someone other than root.
 */
final class FileRisks {
    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;
    private static final int S_ISVTX = 01000;

    /** One finding: a short kind ({@code root}, {@code setid}, ...) and what was seen. */
    record Finding(String kind, String detail) {}

    /** Mode, uid and gid of one inode, read without following a final symbolic link. */
    private record Inode(int mode, int uid, int gid) {
        static Inode of(Path path, LinkOption... options) throws IOException {
            Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid", options);
            return new Inode((Integer) a.get("mode"), (Integer) a.get("uid"),
                    (Integer) a.get("gid"));
        }

        /**
         * Who other than root may write: a non-root owner (who can chmod(2) the inode even
         * without a write bit), the group if not 0, others.
         */
        String nonRootWriters() {
            StringJoiner who = new StringJoiner(", ");
            if (uid != 0) {
                who.add("owner uid " + uid);
            }
            if (gid != 0 && (mode & 0020) != 0) {
                who.add("group gid " + gid);
            }
            if ((mode & 0002) != 0) {
                who.add("everyone");
            }
            return who.toString();
        }
    }

    private final Map<Path, Inode> directories = new HashMap<>();

    /** The findings for {@code file}, which carries {@code caps}. */
    List<Finding> assess(Path file, FileCaps caps) throws IOException {
        List<Finding> findings = new ArrayList<>();
        CapabilitySet root = CapabilitySet.empty();
        for (Capability c : caps.permitted().union(caps.inheritable())) {
            if (Explanations.of(c).amountsToRoot()) {
                root = root.with(c);
            }
        }
        if (caps.rootUid().isPresent()) {
            findings.add(new Finding("v3", "capabilities for the user namespace whose root is "
                    + "uid " + caps.rootUid().getAsLong() + "; they grant nothing outside it"));
        }
        if (!root.isEmpty()) {
            findings.add(new Finding("root", root + (root.size() == 1 ? " amounts" : " amount")
                    + " to root" + (caps.rootUid().isPresent() ? " in that user namespace" : "")
                    + " (caps4j explain " + root.stream().map(Capability::capName)
                    .reduce((a, b) -> a + " " + b).orElseThrow() + ")"));
        }
        Inode inode = Inode.of(file, LinkOption.NOFOLLOW_LINKS);
        if ((inode.mode() & (S_ISUID | S_ISGID)) != 0) {
            boolean setuid = (inode.mode() & S_ISUID) != 0;
            boolean setgid = (inode.mode() & S_ISGID) != 0;
            findings.add(new Finding("setid", "also " + (setuid ? "set-user-ID" : "")
                    + (setuid && setgid ? " and " : "") + (setgid ? "set-group-ID" : "")
                    + String.format(" (mode %04o, owner uid %d)", inode.mode() & 07777,
                    inode.uid())));
        }
        String writers = inode.nonRootWriters();
        if (!writers.isEmpty()) {
            findings.add(new Finding("writable", "the file is writable by " + writers));
        }
        Path entry = file.toAbsolutePath().normalize();
        int entryOwner = inode.uid();
        for (Path dir = entry.getParent(); dir != null; dir = dir.getParent()) {
            Inode d = directory(dir);
            String dirWriters = d.nonRootWriters();
            boolean stickyProtects = (d.mode() & S_ISVTX) != 0 && entryOwner == 0
                    && d.uid() == 0;
            if (!dirWriters.isEmpty() && !stickyProtects) {
                findings.add(new Finding("writable", "directory " + dir + " is writable by "
                        + dirWriters + ", who can replace " + entry.getFileName()));
            }
            entry = dir;
            entryOwner = d.uid();
        }
        return findings;
    }

    private Inode directory(Path dir) throws IOException {
        Inode cached = directories.get(dir);
        if (cached == null) {
            cached = Inode.of(dir);
            directories.put(dir, cached);
        }
        return cached;
    }
}
