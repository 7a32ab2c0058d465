/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code security.capability} xattr of one regular file through the shim (which pins the
 * file by descriptor, see {@code file_caps.c}), with every {@code -errno} turned into an
 * {@link IOException} that names the path and says what to do.
 */
public final class FileXattr {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    private FileXattr() {}

    /** The raw value, or empty if the file has no {@code security.capability} xattr. */
    public static Optional<byte[]> get(Path path) throws IOException {
        byte[] buffer = new byte[VfsCapData.MAX_SIZE];
        int[] type = new int[1];
        int result = Natives.shim().fileCapsGet(bytes(path), buffer, type);
        if (result == -Errno.ENODATA) {
            return Optional.empty();
        }
        if (result == -34 /* ERANGE */) {
            throw new FileSystemException(path.toString(), null, "malformed security.capability "
                    + "xattr: larger than " + VfsCapData.MAX_SIZE + " bytes (at most "
                    + VfsCapData.SIZE_3 + " are valid)");
        }
        check(result, type[0], path, "getxattr");
        return Optional.of(Arrays.copyOf(buffer, result));
    }

    public static void set(Path path, byte[] value) throws IOException {
        int[] type = new int[1];
        check(Natives.shim().fileCapsSet(bytes(path), value, type), type[0], path, "setxattr");
    }

    /** Removes the xattr; false if the file had none. */
    public static boolean remove(Path path) throws IOException {
        int[] type = new int[1];
        int result = Natives.shim().fileCapsRemove(bytes(path), type);
        if (result == -Errno.ENODATA) {
            return false;
        }
        check(result, type[0], path, "removexattr");
        return true;
    }

    /** The path as the kernel sees it: the bytes the JDK itself would pass to open(2). */
    private static byte[] bytes(Path path) {
        String name = path.toAbsolutePath().toString();
        String encoding = System.getProperty("sun.jnu.encoding");
        Charset charset = encoding != null && Charset.isSupported(encoding)
                ? Charset.forName(encoding) : Charset.defaultCharset();
        return name.getBytes(charset);
    }

    private static void check(int result, int fileType, Path path, String call)
            throws IOException {
        if (result >= 0) {
            return;
        }
        int errno = -result;
        String file = path.toString();
        if (fileType != 0 && (fileType & S_IFMT) != S_IFREG) {
            throw new FileSystemException(file, null, "is " + describeType(fileType)
                    + ", not a regular file: file capabilities exist only on regular files"
                    + ((fileType & S_IFMT) == 0120000 ? " and caps4j does not follow the link;"
                            + " use the link's target (toRealPath()) if that is meant" : ""));
        }
        String what = call + " security.capability: " + Errno.describe(errno);
        switch (errno) {
            case Errno.ENOENT -> throw new NoSuchFileException(file, null, what);
            case Errno.ENOTDIR -> throw new NotDirectoryException(file + " (a parent is not a directory)");
            case Errno.ELOOP -> throw new FileSystemException(file, null, "is a symbolic link "
                    + "(or has too many levels of them): caps4j does not follow the last link");
            case Errno.EPERM -> throw new AccessDeniedException(file, null, what
                    + (call.equals("getxattr") ? "" : "; changing file capabilities needs "
                            + "CAP_SETFCAP (run as root, or grant it: setcap cap_setfcap+p "
                            + "on the program) and a file this user may change"));
            case Errno.EACCES -> throw new AccessDeniedException(file, null, what);
            case 95 /* EOPNOTSUPP */ -> throw new FileSystemException(file, null, what
                    + "; this file system does not store security.* extended attributes");
            case 116 /* ESTALE */ -> throw new FileSystemException(file, null, what
                    + "; the file was replaced while caps4j had it open, nothing was changed");
            case Errno.EINVAL -> throw new FileSystemException(file, null, what
                    + (call.equals("setxattr") ? "; the kernel refused the value (e.g. a root "
                            + "uid not mapped in this user namespace)" : ""));
            default -> throw new FileSystemException(file, null, what);
        }
    }

    private static String describeType(int fileType) {
        return switch (fileType & S_IFMT) {
            case 0010000 -> "a FIFO";
            case 0020000 -> "a character device";
            case 0040000 -> "a directory";
            case 0060000 -> "a block device";
            case 0120000 -> "a symbolic link";
            case 0140000 -> "a socket";
            default -> String.format("a file of type 0%o", fileType & S_IFMT);
        };
    }
}
