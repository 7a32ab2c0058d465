/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Child-JVM main: two copies of caps4j in one process (as with two class loaders or a shaded
 * copy), each reading the capabilities through its own shim. Prints {@code copyN=} what each
 * read and {@code memfd-inodes=} the distinct inodes of the {@code /memfd:libcaps4j.so} mappings:
 * two if each copy got its own library, one if the second was handed the first's.
 */
public final class TwoCopiesMain {
    private TwoCopiesMain() {}

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        for (int copy = 1; copy <= 2; copy++) {
            // Not closed: the copy's classes and its library stay in use until the JVM exits.
            URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                    ClassLoader.getPlatformClassLoader());
            Object caps = loader.loadClass("org.caps4j.Caps").getMethod("fromProcess").invoke(null);
            System.out.println("copy" + copy + "=" + caps);
        }
        TreeSet<String> inodes = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.endsWith("/memfd:libcaps4j.so (deleted)")) {
                inodes.add(line.trim().split("\\s+")[4]);
            }
        }
        System.out.println("memfd-inodes=" + inodes.size());
    }
}
