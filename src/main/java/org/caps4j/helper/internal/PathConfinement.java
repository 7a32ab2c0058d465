/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Turns a client's path text into a real path under one of the declared roots, or refuses it.
 *
 * <p>Lexical checks first (no {@code ..} segment, no control character, absolute paths must
 * name a root), then the kernel's view: the longest prefix that exists is resolved with
 * {@code toRealPath} (every symlink followed) and the result must still lie under the real
 * path of a root, so a symlink inside a root that points out of it is refused. What does not
 * exist yet is appended to that real prefix unresolved.
 *
 * <p>This is a check at one moment: someone who can write inside a root can swap a directory
 * for a symlink after it. Bodies should open the returned path with
 * {@link LinkOption#NOFOLLOW_LINKS} so at least the last component cannot be such a link.
 */
public final class PathConfinement {
    /** PATH_MAX on Linux. */
    static final int MAX_LENGTH = 4096;

    private PathConfinement() {}

    /**
     * {@return the real path {@code text} names under one of {@code roots}, or empty if it is
     * refused} Relative paths are taken relative to the first root.
     *
     * @param text the client's path
     * @param roots absolute roots, as declared
     */
    public static Optional<Path> confine(String text, List<Path> roots) {
        if (text.isEmpty() || text.length() > MAX_LENGTH || hasControlCharacter(text)) {
            return Optional.empty();
        }
        Path raw;
        try {
            raw = Path.of(text);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        for (Path segment : raw) {
            if (segment.toString().equals("..")) {
                return Optional.empty();
            }
        }
        Path candidate = (raw.isAbsolute() ? raw : roots.get(0).resolve(raw)).normalize();
        if (roots.stream().noneMatch(root -> candidate.startsWith(root.normalize()))) {
            return Optional.empty();
        }
        try {
            Path real = realPathOfExistingPrefix(candidate);
            for (Path root : roots) {
                if (real.startsWith(root.toRealPath())) {
                    return Optional.of(real);
                }
            }
        } catch (IOException unresolvable) {
            // a dangling or looping symlink, or a root that is gone: refuse
        }
        return Optional.empty();
    }

    private static Path realPathOfExistingPrefix(Path candidate) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = candidate;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
            if (existing == null) {
                throw new IOException("nothing of " + candidate + " exists");
            }
        }
        Path real = existing.toRealPath();
        while (!missing.isEmpty()) {
            real = real.resolve(missing.pop());
        }
        return real;
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
