/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;

/**
 * Runs {@link StuckThreadMain} (shared by items 5(b) and 6 of issue 8) with a 2 s broadcast
 * timeout ({@code -Dcaps4j.broadcast.timeout.ms=2000}; the engine before issue 8 ignores it and
 * waits 10 s) and the helpers compiled into {@code dir}.
 */
final class StuckThreads {
    static final String TIMEOUT_PROPERTY = "-Dcaps4j.broadcast.timeout.ms=2000";

    /** What the child printed. */
    record Outcome(ChildJvm.Result child, Map<String, String> out) {
        int javaTid() {
            return Integer.parseInt(ChildOutput.get(out, "javaTid", child));
        }

        int nativeTid() {
            return Integer.parseInt(ChildOutput.get(out, "nativeTid", child));
        }

        boolean firstThrew() {
            return ChildOutput.get(out, "first", child).startsWith("threw ");
        }

        String firstMessage() {
            return ChildOutput.get(out, "first", child);
        }

        String report() {
            return "stuck threads: " + child.stdout().replace('\n', ' ');
        }
    }

    private StuckThreads() {}

    static Outcome run(Path dir) {
        Path helper = TestNatives.compile("ptrace_stop", dir, false);
        Path library = TestNatives.compile("altstack_thread", dir, true);
        List<String> command = ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                TIMEOUT_PROPERTY), StuckThreadMain.class.getName());
        command.addAll(List.of(helper.toString(), library.toString()));
        ChildJvm.Result child = ChildJvm.exec(command);
        System.out.println("stuck threads: exit " + child.exitCode() + " "
                + child.stdout().replace('\n', ' '));
        child.assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        if (!"stopped".equals(out.get("helper"))) {
            throw new AssertionError("the ptrace helper did not stop the threads\n"
                    + child.stdout() + "\n--- stderr\n" + child.stderr());
        }
        return new Outcome(child, out);
    }
}
