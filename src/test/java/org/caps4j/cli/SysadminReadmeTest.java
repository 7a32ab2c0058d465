/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.testing.LiveChild;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The {@code export} and {@code show PID} output in README.md's "For sysadmins" section is what
 * these runs print (pids and tids replaced by PID and TID, long lines cut). The
 * correctness of that output is checked elsewhere (ExportCommandTest, ShowPidDetailsTest); this
 * test keeps the README from drifting from it.
 */
class SysadminReadmeTest {
    private static final String README = readme();

    private static String readme() {
        try {
            return Files.readString(Path.of("README.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** README lines stay within 100 columns: a longer output line is cut to 96 + " ...". */
    private static void assertInReadme(String command, String output) {
        StringBuilder shortened = new StringBuilder();
        output.lines().forEach(l -> shortened.append(l.length() > 100 ? l.substring(0, 96)
                + " ..." : l).append('\n'));
        String block = "$ caps4j " + command + "\n" + shortened;
        assertTrue(README.contains(block), "README.md lacks:\n" + block);
    }

    @Test
    void exportFromText() {
        for (String format : ExportCommand.FORMATS) {
            Cli cli = Cli.run("export", "--to", format, "cap_net_bind_service=eip");
            assertInReadme("export --to " + format + " cap_net_bind_service=eip", cli.stdout());
        }
    }

    @Test
    void exportAndShowAProcess() throws Exception {
        Privileged.requireRoot();
        Process web = ShowPidsTest.sleeper(List.of(Privileged.requireTool("setpriv").toString(),
                "--inh-caps=-all,+net_bind_service", "--ambient-caps=-all,+net_bind_service",
                "--bounding-set=-all,+net_bind_service", "--reuid=65534", "--regid=65534",
                "--clear-groups"));
        try {
            String pid = Long.toString(web.pid());
            for (String format : List.of("systemd", "setpriv")) {
                Cli cli = Cli.run("export", "--to", format, "--pid", pid);
                assertInReadme("export --to " + format + " --pid PID",
                        cli.stdout().replace(pid, "PID"));
            }
            Cli show = Cli.run("show", pid);
            assertInReadme("show PID", show.stdout().replace(pid, "PID"));
        } finally {
            web.destroyForcibly().waitFor();
        }
    }

    @Test
    void showAThreadThatDiffers() throws Exception {
        Privileged.requireRoot();
        try (LiveChild child = LiveChild.start(List.of(), DifferingThreadMain.class)) {
            String pid = child.lines().get(0);
            String tid = child.lines().get(1);
            List<String> lines = new ArrayList<>();
            boolean threads = false;
            for (String line : Cli.run("show", pid).stdout().lines().toList()) {
                threads |= line.startsWith("Threads: ");
                if (threads) {
                    lines.add(line.replace(tid, "TID").replace(pid, "PID")
                            .replaceAll("Threads: [0-9]+,", "Threads: N,"));
                }
            }
            assertInReadme("show PID\n...", String.join("\n", lines) + "\n");
        }
    }
}
