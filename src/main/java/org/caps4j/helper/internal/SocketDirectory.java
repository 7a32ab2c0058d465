/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * The check a plain-mode socket directory must pass before the helper binds in it: nobody but
 * root and the helper may be able to create, replace or rename anything on the way to the
 * socket. Once it passes, nothing on that path can change under us without root, so binding by
 * path afterwards is not a race.
 *
 * <p>Every component is read with lstat ({@link LinkOption#NOFOLLOW_LINKS}): a symlink anywhere
 * is refused, not followed.
 */
final class SocketDirectory {
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    private SocketDirectory() {}

    /**
     * @param directory the absolute directory the socket goes into
     * @param ownUid the helper's effective uid, which may own {@code directory} itself
     * @throws IOException naming the first component that fails and why
     */
    static void check(Path directory, int ownUid) throws IOException {
        if (!directory.isAbsolute() || !directory.equals(directory.normalize())) {
            throw new IOException("socket directory " + directory
                    + " must be an absolute path without . or .. components");
        }
        checkComponent(directory, ownUid, true);
        for (Path parent = directory.getParent(); parent != null; parent = parent.getParent()) {
            checkComponent(parent, ownUid, false);
        }
    }

    private static void checkComponent(Path path, int ownUid, boolean last) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("socket directory " + path + " does not exist: create it (root- or"
                    + " helper-owned, mode 0755 or stricter), e.g. with RuntimeDirectory= in the unit");
        }
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        String role = last ? "socket directory " : "parent directory ";
        if ((mode & S_IFMT) != S_IFDIR) {
            throw new IOException(role + path + " is not a directory"
                    + ((mode & S_IFMT) == 0120000 ? " but a symlink (symlinks are never followed)" : ""));
        }
        boolean ownerOk = uid == 0 || (last && uid == ownUid);
        if (!ownerOk) {
            throw new IOException(role + path + " is owned by uid " + uid + "; it must be owned by"
                    + (last ? " root or the helper's uid " + ownUid : " root"));
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            throw new IOException(role + path + " is writable by group or others (mode "
                    + String.format("%04o", mode & 07777) + "): someone else could replace the"
                    + " socket; chmod go-w it");
        }
    }
}
