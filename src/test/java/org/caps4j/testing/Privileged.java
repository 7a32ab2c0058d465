/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need root or a host tool. Outside CI a missing precondition skips the test
 * with the reason; in CI ({@code CI=true}, where we are root) it fails instead, so a privileged
 * test can never pass by not running.
 */
public final class Privileged {
    private Privileged() {}

    public static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Requires uid 0 with CAP_SETUID/CAP_SETPCAP etc. (the suite's privileged tier). */
    public static void requireRoot() {
        require(isRoot(), "needs root (run the suite as root, as CI does)");
    }

    /** Requires an executable on the PATH, e.g. {@code capsh} or {@code setpriv}. */
    public static Path requireTool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        require(false, "needs the tool '" + name + "' (installed by .ci/run)");
        throw new AssertionError("unreachable");
    }

    public static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if (inCi()) {
            fail("CI=true but this privileged test cannot run: " + reason);
        }
        Assumptions.abort(reason);
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
