/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The check a library file must pass before a privileged process (see {@link HeldPrivilege})
 * loads it: no one but root can change it, nor rename or replace it, nor anything above it.
 *
 * <p>The real path (every symbolic link resolved) is checked and is what the caller then loads,
 * so a link in a user's directory can only choose among files that pass, and cannot be switched
 * after the check. Each component of the real path, from {@code /} down, must be
 * <ul>
 * <li>owned by uid 0 and not a symbolic link (one appearing now means the path changed under us);
 * <li>not writable by group or others, whatever the group: any user may be in root's group, and
 *     an ACL that grants write to anyone shows as the group write bit (the ACL mask). The one
 *     exception is a directory with the sticky bit (like {@code /tmp}): there only the owner of
 *     an entry, or of the directory, may rename or delete it, and both are checked to be root;
 * <li>for the last component, a regular file.
 * </ul>
 * A file on a FUSE mount made by a non-root user is refused too: its server, not the kernel,
 * decides what owner and content the file shows, and can change both at any time.
 */
final class TrustedLibraryFile {
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;

    private TrustedLibraryFile() {}

    /**
     * The real path of {@code file}, if only root can change what it names.
     *
     * @throws IOException whose message names the offending component and why it fails
     */
    static Path check(Path file) throws IOException {
        Path real = file.toRealPath();
        Path component = real.getRoot();
        checkComponent(component, false);
        for (Path name : real) {
            component = component.resolve(name);
            checkComponent(component, component.equals(real));
        }
        checkMount(real);
        return real;
    }

    private static void checkComponent(Path path, boolean last) throws IOException {
        Map<String, Object> attributes =
                Files.readAttributes(path, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) attributes.get("uid");
        int mode = (Integer) attributes.get("mode");
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + " became a symbolic link while it was being checked");
        }
        if (uid != 0) {
            throw new IOException(path + " is owned by uid " + uid + ", not root, so that user"
                    + " could replace the library");
        }
        if (last && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " is not a regular file");
        }
        boolean stickyDirectory = !last && (mode & STICKY) != 0;
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !stickyDirectory) {
            throw new IOException(path + " is writable by group or others (mode "
                    + String.format("%04o", mode & 07777) + "), so a non-root user could "
                    + (last ? "change the library" : "replace what it contains"));
        }
    }

    private static void checkMount(Path real) throws IOException {
        Optional<String> foreign =
                foreignFuseMount(Files.readAllLines(Path.of("/proc/self/mountinfo")), real);
        if (foreign.isPresent()) {
            throw new IOException(real + " is on " + foreign.get() + ", whose server decides"
                    + " what the file contains");
        }
    }

    /**
     * The FUSE mount holding {@code real} if a non-root user made it (its super options lack
     * {@code user_id=0}), described for a message; {@code mountinfo} as in proc(5).
     */
    static Optional<String> foreignFuseMount(List<String> mountinfo, Path real) {
        String[] mount = null;
        int longest = -1;
        for (String line : mountinfo) {
            String[] fields = line.split(" ");
            Path point = Path.of(unescape(fields[4]));
            // Later lines are later mounts: on the same point, the last one is on top.
            if (real.startsWith(point) && point.getNameCount() >= longest) {
                longest = point.getNameCount();
                mount = fields;
            }
        }
        if (mount == null) {
            return Optional.empty();
        }
        int separator = List.of(mount).indexOf("-");
        String type = mount[separator + 1];
        String options = mount.length > separator + 3 ? mount[separator + 3] : "";
        boolean fuse = type.equals("fuse") || type.startsWith("fuse.");
        if (!fuse || List.of(options.split(",")).contains("user_id=0")) {
            return Optional.empty();
        }
        return Optional.of("a " + type + " file system mounted at " + unescape(mount[4])
                + " by a non-root user (" + options + ")");
    }

    /** mountinfo writes space, tab, newline and backslash in paths as {@code \ooo}. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4)
                    .chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
