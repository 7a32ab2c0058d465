/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;

/**
 * caps4j-launch's own policy parser ({@code src/main/c/launcher/policy.c} and the key handlers)
 * compiled with {@code src/test/c/launch_policy_parse.c}, so a policy can be checked without
 * installing it in the launcher's fixed policy directory. It parses only: the program file,
 * the caller and the directory are checked by a real launch, not here.
 */
final class LaunchPolicyParser {
    private static final List<String> SOURCES = List.of("policy.c", "policy_keys.c",
            "access.c", "args.c", "caps.c", "environ.c", "log.c", "pattern.c", "process.c");

    private LaunchPolicyParser() {}

    static Path compile(Path dir) {
        Path launcher = Path.of("src/main/c/launcher").toAbsolutePath();
        Path output = dir.resolve("launch_policy_parse");
        List<String> command = new ArrayList<>(List.of(Privileged.requireTool("gcc").toString(),
                "-std=gnu11", "-O2", "-Wall", "-Werror", "-I" + launcher, "-o",
                output.toString(), Path.of("src/test/c/launch_policy_parse.c")
                        .toAbsolutePath().toString()));
        Stream.of(SOURCES.toArray(String[]::new)).map(s -> launcher.resolve(s).toString())
                .forEach(command::add);
        ChildJvm.exec(command).assertSuccess();
        return output;
    }

    /** What the parser read ({@code grant=0x... user=... group=...}); fails on its error. */
    static String parse(Path parser, Path dir, String policy) throws Exception {
        Path file = Files.writeString(dir.resolve("exported.conf"), policy);
        return ChildJvm.exec(List.of(parser.toString(), file.toString())).assertSuccess()
                .stdout().strip();
    }
}
