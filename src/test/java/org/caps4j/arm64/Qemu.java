/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.arm64;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.testing.Privileged;

/**
 * How the arm64 tier runs a binary under qemu-user: through the arm64 dynamic loader of Debian's
 * cross sysroot, with the library directories given to it. Not {@code qemu -L SYSROOT}: that
 * maps every path that exists under the prefix, "/" included, so a program that walks paths
 * from "/" (the launcher) looks inside the sysroot, and a program linked against the shim hung
 * in its first pthread_create.
 */
final class Qemu {
    static final String SYSROOT = "/usr/aarch64-linux-gnu";

    private Qemu() {}

    static List<String> command(Path binary, List<Path> libraryDirs, String... args) {
        Path qemu = Privileged.requireTool("qemu-aarch64-static");
        StringBuilder path = new StringBuilder(SYSROOT + "/lib:/usr/lib/aarch64-linux-gnu");
        libraryDirs.forEach(dir -> path.append(':').append(dir.toAbsolutePath()));
        List<String> command = new ArrayList<>(List.of(qemu.toString(),
                SYSROOT + "/lib/ld-linux-aarch64.so.1", "--library-path", path.toString(),
                binary.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
