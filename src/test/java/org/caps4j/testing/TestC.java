/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compiles a test helper {@code src/test/c/NAME.c} with gcc at test time (one place for all). */
public final class TestC {
    private TestC() {}

    /**
     * Compiles {@code src/test/c/NAME.c} to {@code output} (a shared library when
     * {@code shared}), with {@code -std=gnu11 -O2 -Wall -pthread} plus {@code extraFlags}.
     */
    public static Path compile(String name, Path output, boolean shared, String... extraFlags) {
        Path gcc = Privileged.requireTool("gcc");
        List<String> command = new ArrayList<>(List.of(gcc.toString(), "-std=gnu11", "-O2",
                "-Wall", "-pthread"));
        command.addAll(List.of(extraFlags));
        if (shared) {
            command.addAll(List.of("-shared", "-fPIC"));
        }
        command.addAll(List.of("-o", output.toString(),
                Path.of("src", "test", "c", name + ".c").toAbsolutePath().toString()));
        ChildJvm.exec(command).assertSuccess();
        return output;
    }
}
