/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds and loads libcaps4j.so, trying in order:
 * <ol>
 * <li>the file named by the system property {@value #PATH_PROPERTY}; if it cannot be used,
 *     nothing else is tried;</li>
 * <li>the first directory of {@code java.library.path} that holds libcaps4j.so (e.g. a
 *     distribution package); if that file is refused, nothing else is tried;</li>
 * <li>the copy inside the jar, {@code META-INF/native/linux-<arch>/libcaps4j.so}, copied into a
 *     sealed memfd and loaded from there ({@link MemfdLibrary}): never written to a file.</li>
 * </ol>
 * While the process holds privilege ({@link HeldPrivilege}), a file from 1 or 2 is loaded only
 * if no one but root can change it ({@link TrustedLibraryFile}); its real path is what is loaded.
 * caps4j searches {@code java.library.path} itself instead of calling
 * {@code System.loadLibrary}, because only then is the file it checked the file that is loaded
 * (a class loader's {@code findLibrary} could name any other). If all fail, the error lists
 * every candidate and why it failed.
 */
final class NativeLibraryLoader {
    static final String PATH_PROPERTY = "caps4j.library.path";
    private static final String FILE_NAME = System.mapLibraryName("caps4j");

    private NativeLibraryLoader() {}

    static <L> L load(NativeLoaderCalls<L> calls) {
        String override = System.getProperty(PATH_PROPERTY);
        if (override != null) {
            return open(calls, realPath(Path.of(override), "-D" + PATH_PROPERTY),
                    "-D" + PATH_PROPERTY);
        }
        List<String> failures = new ArrayList<>();
        String libraryPath = System.getProperty("java.library.path", "");
        Optional<Path> installed = findOnLibraryPath(libraryPath);
        if (installed.isPresent()) {
            // A refused file stops the search: quietly loading another copy would hide an
            // attack or a broken installation. A file that dlopen rejects does not.
            Path real = realPath(installed.get(), "java.library.path");
            try {
                return open(calls, real, "java.library.path");
            } catch (UnsatisfiedLinkError e) {
                failures.add(e.getMessage());
            }
        } else {
            failures.add("java.library.path=" + libraryPath + ": no " + FILE_NAME);
        }
        String resource = resourceName();
        try {
            return MemfdLibrary.load(calls, readResource(resource), FILE_NAME);
        } catch (IOException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null
                    ? e.getCause() : e;
            failures.add("jar resource " + resource + ": " + (cause.getMessage() != null
                    ? cause.getMessage() : cause.toString()));
        }
        throw new UnsatisfiedLinkError("cannot load " + FILE_NAME + "; tried:\n  - "
                + String.join("\n  - ", failures));
    }

    /** {@code META-INF/native/linux-x86_64/libcaps4j.so} for the running JVM's architecture. */
    static String resourceName() {
        return resourceName(System.getProperty("os.arch", "unknown"));
    }

    /** The shim's resource for an {@code os.arch} value (the JDK says amd64 or aarch64). */
    static String resourceName(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        String normalized = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return "META-INF/native/linux-" + normalized + "/" + FILE_NAME;
    }

    /** The first {@code DIR/libcaps4j.so} that exists, in the JDK's order (empty entry = "."). */
    private static Optional<Path> findOnLibraryPath(String libraryPath) {
        for (String directory : libraryPath.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, FILE_NAME);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The real path of {@code file}, checked by {@link TrustedLibraryFile} if this process holds
     * privilege.
     *
     * @throws UnsatisfiedLinkError if the file is missing or refused, naming why
     */
    private static Path realPath(Path file, String origin) {
        Optional<String> privilege = HeldPrivilege.describe();
        try {
            return privilege.isPresent() ? TrustedLibraryFile.check(file) : file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new UnsatisfiedLinkError("cannot load " + file + " (from " + origin
                    + "): no such file");
        } catch (IOException e) {
            String verb = privilege.isPresent() ? "refusing " : "cannot load ";
            throw new UnsatisfiedLinkError(verb + file + " (from " + origin + "): "
                    + e.getMessage() + privilege.map(held -> "; this process holds privilege ("
                            + held + "), so the library must be a root-owned file in directories"
                            + " only root can write, e.g. /usr/lib/caps4j (0755); or drop it from "
                            + origin + " to load the copy in the jar").orElse(""));
        }
    }

    /** Loads by absolute path: a name without a slash would make dlopen search on its own. */
    private static <L> L open(NativeLoaderCalls<L> calls, Path real, String origin) {
        try {
            return calls.open(real.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError e) {
            throw new UnsatisfiedLinkError("cannot load " + real + " (from " + origin + "): "
                    + e.getMessage());
        }
    }

    private static byte[] readResource(String resource) throws IOException {
        ClassLoader loader = NativeLibraryLoader.class.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("not found on the class path (this jar has no shim for "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                        + ")");
            }
            return in.readAllBytes();
        }
    }
}
