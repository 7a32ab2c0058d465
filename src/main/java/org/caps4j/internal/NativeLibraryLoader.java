package org.caps4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds and loads libcaps4j.so, trying in order:
 * <ol>
 * <li>the file named by the system property {@value #PATH_PROPERTY};</li>
 * <li>{@code System.loadLibrary("caps4j")} (java.library.path, e.g. a distribution package);</li>
 * <li>the copy inside the jar, {@code META-INF/native/linux-<arch>/libcaps4j.so}, extracted to a
 *     fresh private (0700) temporary directory, loaded, then deleted.</li>
 * </ol>
 * If all fail, the error lists every candidate and why it failed.
 */
final class NativeLibraryLoader {
    static final String PATH_PROPERTY = "caps4j.library.path";
    private static final String LIBRARY = "caps4j";
    private static final String FILE_NAME = "lib" + LIBRARY + ".so";

    private NativeLibraryLoader() {}

    static SymbolLookup load() {
        List<String> failures = new ArrayList<>();
        String override = System.getProperty(PATH_PROPERTY);
        if (override != null) {
            try {
                return fromFile(Path.of(override));
            } catch (RuntimeException e) {
                // An explicit override that fails must not silently fall back to another copy.
                throw new UnsatisfiedLinkError("cannot load " + override + " (from -D"
                        + PATH_PROPERTY + "): " + e.getMessage());
            }
        }
        try {
            System.loadLibrary(LIBRARY);
            return SymbolLookup.loaderLookup();
        } catch (UnsatisfiedLinkError | SecurityException e) {
            failures.add("System.loadLibrary(\"" + LIBRARY + "\") from java.library.path="
                    + System.getProperty("java.library.path") + ": " + e.getMessage());
        }
        String resource = resourceName();
        try {
            return extractAndLoad(resource);
        } catch (IOException | RuntimeException e) {
            failures.add("jar resource " + resource + ": " + e);
        }
        throw new UnsatisfiedLinkError("cannot load " + FILE_NAME + "; tried:\n  - "
                + String.join("\n  - ", failures));
    }

    /** {@code META-INF/native/linux-x86_64/libcaps4j.so} for the running JVM's architecture. */
    static String resourceName() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        String normalized = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return "META-INF/native/linux-" + normalized + "/" + FILE_NAME;
    }

    @SuppressWarnings("restricted")
    private static SymbolLookup fromFile(Path file) {
        return SymbolLookup.libraryLookup(file, Arena.global());
    }

    private static SymbolLookup extractAndLoad(String resource) throws IOException {
        try (InputStream in = NativeLibraryLoader.class.getClassLoader() == null
                ? ClassLoader.getSystemResourceAsStream(resource)
                : NativeLibraryLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("not found on the class path (this jar has no shim for "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")");
            }
            // createTempDirectory gives a fresh directory with owner-only permissions, so no
            // other user can swap the file between writing and loading it.
            Path directory = Files.createTempDirectory("caps4j-");
            Path file = directory.resolve(FILE_NAME);
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                return fromFile(file);
            } finally {
                // The mapping stays valid after unlink; nothing is left behind in /tmp.
                Files.deleteIfExists(file);
                Files.deleteIfExists(directory);
            }
        }
    }
}
