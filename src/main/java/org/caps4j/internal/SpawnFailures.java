/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * What a failed {@code caps4j_spawn} throws. Failures the JDK also has (a redirect file, the
 * directory, the exec) give the {@link IOException} text {@link ProcessBuilder#start()} gives on
 * the running JDK; a credential step gives a {@link KernelFailure} naming the system call, as
 * every other caps4j transaction does.
 */
final class SpawnFailures {
    /** enum caps4j_spawn_stage. */
    static final int ARGUMENTS = 1, OPEN = 2, CLONE = 3, CREDENTIALS = 4, VERIFY = 5, STDIO = 6,
            DIRECTORY = 7, CLOSE_FDS = 8, EXEC = 9;
    /** JDK 22 changed the text of exec failures ("error=2, ..." before). */
    private static final boolean EXEC_FAILED_TEXT = Runtime.version().feature() >= 22;

    private SpawnFailures() {}

    /** The exception for a spawn that returned {@code result.result() < 0}. */
    static Exception of(SpawnRequest request, Planner.Plan plan, NativeShim.SpawnResult result) {
        int errno = -result.result();
        String program = "Cannot run program \"" + request.program + "\""
                + (request.directory == null ? "" : " (in directory \"" + request.directory
                        + "\")");
        return switch (result.stage()) {
            case OPEN -> {
                String path = request.slotPath(result.detail());
                FileNotFoundException cause = new FileNotFoundException(path + " ("
                        + Errno.text(errno) + ")");
                yield new IOException(program + ": " + cause.getMessage(), cause);
            }
            case CREDENTIALS -> Failures.failure(plan.ops().describe(result.detail()), errno,
                    "in the child before it executed " + request.program
                            + " (the child exited; no JVM thread changed)", hint(errno));
            case VERIFY -> new KernelFailure(LaunchPlan.OPERATION, 0, "to reach the requested "
                    + "state in the child (it exited before executing " + request.program + ")",
                    "The kernel reports " + Fields.describe(result.detail())
                            + " other than planned after the credential steps");
            default -> {
                IOException cause = new IOException(execText(errno));
                yield new IOException(program + ": " + cause.getMessage(), cause);
            }
        };
    }

    private static String execText(int errno) {
        return EXEC_FAILED_TEXT ? "Exec failed, error: " + errno + " (" + Errno.text(errno)
                + ") " : "error=" + errno + ", " + Errno.text(errno);
    }

    private static String hint(int errno) {
        if (errno != Errno.EPERM) {
            return "";
        }
        return "The JVM needs every capability the launch uses in its permitted set "
                + "(cap_setuid and cap_setgid for a user change, cap_setpcap for bounding-set "
                + "drops and securebits); in a user namespace the ids must be mapped and "
                + "/proc/self/setgroups must say allow";
    }
}
