/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/** {@code show PID...} against {@code getpcaps} for processes with different capabilities. */
class ShowPidsTest {
    @Test
    void matchesGetpcaps() throws Exception {
        Privileged.requireRoot();
        String setpriv = Privileged.requireTool("setpriv").toString();
        List<Process> children = new ArrayList<>();
        try {
            children.add(sleeper(List.of(setpriv, "--inh-caps=+net_bind_service,+net_raw",
                    "--ambient-caps=+net_bind_service,+net_raw", "--reuid=65534",
                    "--regid=65534", "--clear-groups")));
            children.add(sleeper(List.of(setpriv, "--reuid=65534", "--regid=65534",
                    "--clear-groups")));
            children.add(sleeper(List.of(setpriv, "--inh-caps=+chown", "--bounding-set=-kill")));
            children.add(sleeper(List.of()));
            List<String> pids = new ArrayList<>(List.of("1",
                    Long.toString(ProcessHandle.current().pid())));
            children.forEach(p -> pids.add(Long.toString(p.pid())));
            List<String> command = new ArrayList<>(
                    List.of(Privileged.requireTool("getpcaps").toString()));
            command.addAll(pids);
            List<String> theirs = ChildJvm.exec(command).assertSuccess().stdout().lines()
                    .toList();
            Cli cli = Cli.run(ShowPidsTest.with("--getpcaps", pids));
            assertEquals(0, cli.exitCode(), cli.toString());
            assertEquals(theirs, cli.stdout().lines().toList());
            // Without --getpcaps each process's block starts with the same line.
            Cli full = Cli.run(ShowPidsTest.with("show", pids));
            assertEquals(0, full.exitCode(), full.toString());
            List<String> blocks = List.of(full.stdout().split("\n\n"));
            assertEquals(theirs, blocks.stream().map(b -> b.lines().findFirst().orElseThrow())
                    .toList());
            assertEquals(pids.size(), theirs.size());
            assertTrue(theirs.contains(children.get(0).pid() + ": cap_net_bind_service,"
                    + "cap_net_raw=eip"), theirs.toString());
            assertTrue(theirs.contains(children.get(1).pid() + ": ="), theirs.toString());
        } finally {
            for (Process child : children) {
                child.destroyForcibly().waitFor();
            }
        }
    }

    private static String[] with(String first, List<String> rest) {
        List<String> all = new ArrayList<>(first.equals("show") ? List.of(first)
                : List.of("show", first));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    /** {@code prefix... sleep 60}, returned once sleep runs (its capabilities are final). */
    static Process sleeper(List<String> prefix) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("sleep", "60"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path comm = Path.of("/proc", Long.toString(process.pid()), "comm");
        for (int i = 0; i < 500; i++) {
            if (Files.readString(comm).trim().equals("sleep")) {
                return process;
            }
            Thread.sleep(10);
        }
        process.destroyForcibly();
        throw new AssertionError("did not start: " + command);
    }

    @Test
    void badAndMissingPids() throws Exception {
        for (String bad : List.of("0", "x", "-1", "2147483648", "1x")) {
            Cli cli = Cli.run("show", "--", bad);
            assertEquals(2, cli.exitCode(), bad + "\n" + cli);
            assertTrue(cli.stderr().startsWith("caps4j: show takes process ids"), cli.toString());
        }
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor(); // reaped: its pid names no process (until the kernel reuses it)
        long gone = exited.pid();
        Cli cli = Cli.run("show", "--getpcaps", "1", Long.toString(gone));
        assertEquals(1, cli.exitCode(), cli.toString());
        assertEquals("1: " + org.caps4j.Caps.fromPid(1) + "\n", cli.stdout());
        assertTrue(cli.stderr().startsWith("caps4j show: ") && cli.stderr().contains("no process "
                + gone), cli.stderr());
    }
}
