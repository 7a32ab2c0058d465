/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * JNA's own native library, libjnidispatch.so, must be as safe to load as the shim. Before JDK 22
 * nothing but JNI can load native code, and JNI loads only files: JNA either loads the library
 * from {@code jna.boot.library.path} or writes the copy in its jar to a directory of the current
 * user ({@code ~/.cache/JNA/temp}, else {@code java.io.tmpdir}) and loads that. Another process
 * of the same uid can replace that file between the write and the load (the attack
 * ShimSwapRaceTest runs against the shim), and its code would then run with this process's
 * privilege.
 *
 * <p>So, exactly like a shim named by {@code caps4j.library.path}: while the process holds
 * privilege ({@link HeldPrivilege}), the JNA backend is used only if libjnidispatch.so comes from
 * {@code jna.boot.library.path} and passes {@link TrustedLibraryFile} (root-owned, in directories
 * only root can write). Unprivileged processes have nothing to lose and use JNA's default.
 */
final class JnaDispatchTrust {
    private JnaDispatchTrust() {}

    /** @throws UnsatisfiedLinkError if a privileged process would load an untrusted copy */
    static void check() {
        Optional<String> privilege = HeldPrivilege.describe();
        if (privilege.isEmpty()) {
            return;
        }
        // Set by JNA once it has loaded its library (by another user of JNA in this JVM, say).
        String loaded = System.getProperty("jnidispatch.path");
        Path candidate = loaded != null ? Path.of(loaded) : bootLibrary().orElseThrow(() ->
                refusal(privilege.get(), "jna.boot.library.path names no directory with "
                        + System.mapLibraryName(libraryName())));
        try {
            TrustedLibraryFile.check(candidate);
        } catch (IOException e) {
            throw refusal(privilege.get(), candidate + " is not trusted: " + e.getMessage());
        }
    }

    /** The file JNA will load from {@code jna.boot.library.path}: the first that exists. */
    private static Optional<Path> bootLibrary() {
        String path = System.getProperty("jna.boot.library.path");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path file = Path.of(directory, System.mapLibraryName(libraryName()));
            if (!directory.isEmpty() && Files.exists(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static String libraryName() {
        return System.getProperty("jna.boot.library.name", "jnidispatch");
    }

    private static UnsatisfiedLinkError refusal(String privilege, String why) {
        return new UnsatisfiedLinkError("refusing to let JNA load libjnidispatch.so: " + why
                + ". This process holds privilege (" + privilege + "), and a copy JNA extracts "
                + "to a directory of this user could be replaced by another process of the same"
                + " uid before it is loaded. Put a root-owned copy of com/sun/jna/linux-x86-64/"
                + "libjnidispatch.so from the JNA jar in a directory only root can write, e.g. "
                + "/usr/lib/caps4j (0755), and run java with -Djna.boot.library.path=/usr/lib/caps4j;"
                + " or run on JDK " + Backend.FFM_FEATURE + " or newer, where caps4j loads no"
                + " library from a file");
    }
}
