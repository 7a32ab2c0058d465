/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.caps4j.testing.TestC;

/**
 * Files for the loader's tests. They live under {@code target/}, never under /tmp: the tests
 * assert that the loader writes nothing to /tmp, and leave nothing there themselves.
 */
final class LoaderFixture {
    private LoaderFixture() {}

    /** Compiles {@code src/test/c/NAME.c} into {@code dir} (root-owned, 0755); needs gcc. */
    static Path compile(String name, Path dir, boolean shared) {
        return TestC.compile(name, dir.resolve(shared ? name + ".so" : name), shared);
    }

    /** {@code target/NAME} as an absolute path, emptied and created anew. */
    static Path freshDirectory(String name) throws IOException {
        Path dir = Path.of("target", name).toAbsolutePath();
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
