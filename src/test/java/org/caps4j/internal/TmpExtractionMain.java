/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM main for ShimSwapRaceTest's control: loads the shim the way caps4j did before issue 9
 * (extract to a fresh 0700 {@code /tmp/caps4j-*} directory, load by path, delete), so the test
 * can show that its attacker wins against that loader on this machine before it shows that the
 * attacker loses against the real one. Prints {@code loaded} or {@code failed: ...}.
 */
public final class TmpExtractionMain {
    private TmpExtractionMain() {}

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("caps4j-");
        Path file = directory.resolve("libcaps4j.so");
        try (InputStream in = TmpExtractionMain.class.getClassLoader()
                .getResourceAsStream(NativeLibraryLoader.resourceName())) {
            Files.copy(in, file);
            load(file);
            System.out.println("loaded");
        } catch (RuntimeException e) {
            System.out.println("failed: " + e);
        } finally {
            Files.deleteIfExists(file);
            try {
                Files.deleteIfExists(directory);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                System.out.println("directory not empty: the attacker staged a file there");
            }
        }
    }

    /** By path, as that loader did (System.load: JNI's dlopen, on every JDK). */
    private static void load(Path file) {
        System.load(file.toAbsolutePath().toString());
    }
}
