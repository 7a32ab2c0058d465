/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.arm64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The arm64 tier: the linux-aarch64 shim the build put in the jar, exercised by a C program
 * ({@code src/test/c/arm64_shim_smoke.c}) linked against it and run under
 * {@code qemu-aarch64-static}: capget against /proc, run_ops on the calling thread, the three
 * file-capability calls, and a broadcast over the program's own eight threads (qemu's own
 * host thread is named and left out: it never runs guest code, so it could not answer).
 * What qemu-user cannot show: real-hardware signal timing and memory ordering, and the spawn
 * path (qemu turns clone(CLONE_VM|CLONE_VFORK) into a fork).
 */
class Arm64QemuTest {
    static final Path SHIM_DIR = Path.of("target", "native", "linux-aarch64");
    private static final List<String> CHECKS = List.of("abi_version", "capget", "probe_last_cap",
            "run_ops", "run_ops back", "file_caps_set", "file_caps_get", "file_caps_remove",
            "file_caps_get after remove", "list_tasks", "broadcast caller", "broadcast",
            "broadcast reached every guest thread (capget and /proc agree)");

    @Test
    void theArm64ShimReadsAppliesAndBroadcastsUnderQemu() throws Exception {
        Privileged.requireRoot(); // setting file capabilities needs CAP_SETFCAP
        Path gcc = Privileged.requireTool("aarch64-linux-gnu-gcc");
        assertTrue(Files.isRegularFile(SHIM_DIR.resolve("libcaps4j.so")),
                "the build produces " + SHIM_DIR.resolve("libcaps4j.so"));
        Path program = Path.of("target", "arm64-shim-smoke");
        ChildJvm.exec(List.of(gcc.toString(), "-std=gnu11", "-O2", "-Wall", "-pthread", "-o",
                program.toString(), "src/test/c/arm64_shim_smoke.c", "-L", SHIM_DIR.toString(),
                "-lcaps4j")).assertSuccess();
        ChildJvm.Result run = ChildJvm.exec(Qemu.command(program, List.of(SHIM_DIR)));
        List<String> lines = run.stdout().lines().toList();
        for (String check : CHECKS) {
            assertTrue(lines.contains("ok " + check), check + " in\n" + run);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("info qemu's own task")),
                "qemu's own thread is named: " + run);
        assertEquals(0, run.exitCode(), run.toString());
    }
}
