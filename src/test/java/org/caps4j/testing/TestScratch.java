/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Scratch directories under /tmp that must outlive one test class (child JVMs running as other
 * users need a world-readable place; the build directory may not be reachable for them) and are
 * removed when the JUnit session closes, while the test JVM still runs: a shutdown hook alone
 * did not always finish before surefire ended the JVM, and each run left folders in /tmp.
 * Registered in META-INF/services.
 */
public final class TestScratch implements LauncherSessionListener {
    private static final List<Path> DIRECTORIES = new ArrayList<>();
    private static Path files;

    /** A new directory under java.io.tmpdir named {@code prefix...}, removed at session end. */
    public static synchronized Path directory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        DIRECTORIES.add(dir);
        return dir;
    }

    /** A new file in this session's scratch directory (for a child's output), removed with it. */
    public static synchronized Path file(String prefix, String suffix) throws IOException {
        if (files == null) {
            files = directory("caps4j-files-");
        }
        return Files.createTempFile(files, prefix, suffix);
    }

    /** Removes every directory made so far (also callable early, e.g. from an @AfterAll). */
    public static synchronized void removeAll() {
        for (Path dir : DIRECTORIES) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // already gone
            }
        }
        DIRECTORIES.clear();
        files = null;
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        removeAll();
    }
}
