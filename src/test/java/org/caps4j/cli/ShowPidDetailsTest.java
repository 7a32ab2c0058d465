/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.caps4j.testing.LiveChild;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show PID}'s lines against {@code capsh --print} printed inside the same process, its
 * user namespace against /proc/PID/ns/user, and its thread census against
 * /proc/PID/task/TID/status of a JVM one of whose threads differs.
 */
class ShowPidDetailsTest {
    /** The lines capsh --print prints that show PID prints the same way. */
    private static final List<String> SHARED = List.of("Current: ", "Bounding set =",
            "Ambient set =", "Current IAB: ", "uid=", "gid=", "groups=");

    @Test
    void capshPrintLinesMatch(@TempDir Path dir) throws Exception {
        Privileged.requireRoot();
        String setpriv = Privileged.requireTool("setpriv").toString();
        String capsh = Privileged.requireTool("capsh").toString();
        String stdbuf = Privileged.requireTool("stdbuf").toString();
        List<List<String>> prefixes = List.of(List.of(),
                List.of(setpriv, "--inh-caps=+net_raw,+kill", "--ambient-caps=+net_raw",
                        "--reuid=65534", "--regid=65534", "--groups=4,24"),
                List.of(setpriv, "--inh-caps=+chown", "--bounding-set=-kill,-sys_admin",
                        "--no-new-privs"));
        int n = 0;
        for (List<String> prefix : prefixes) {
            // capsh --forkfor forks a child that sleeps with capsh's credentials, then prints
            // them; the parent then runs bash (stdbuf: capsh's output must reach the file
            // before that exec). The forked child is the process shown.
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(stdbuf, "-o0", capsh, "--forkfor=60", "--print", "--",
                    "-c", "sleep 60"));
            Path printed = dir.resolve("capsh" + n++ + ".txt");
            Process parent = new ProcessBuilder(command).redirectOutput(printed.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                ProcessHandle child = forkedChild(parent, printed);
                Cli cli = Cli.run("show", Long.toString(child.pid()));
                assertEquals(0, cli.exitCode(), cli.toString());
                List<String> ours = cli.stdout().lines().toList();
                List<String> theirs = Files.readAllLines(printed);
                for (String label : SHARED) {
                    assertTrue(line(theirs, label).isPresent(), label + ": " + theirs);
                    assertEquals(line(theirs, label), line(ours, label), label + "\n"
                            + String.join("\n", theirs) + "\n---\n" + cli.stdout());
                }
                // Securebits are not readable for another pid; no-new-privs is.
                String nnp = line(theirs, "Securebits: ").orElseThrow();
                assertTrue(line(ours, "Securebits: ").orElseThrow().endsWith(
                        nnp.substring(nnp.indexOf(" (no-new-privs="))), cli.stdout());
            } finally {
                parent.descendants().forEach(ProcessHandle::destroyForcibly);
                parent.destroyForcibly().waitFor();
            }
        }
    }

    private static ProcessHandle forkedChild(Process parent, Path printed) throws Exception {
        for (int i = 0; i < 500; i++) {
            Optional<ProcessHandle> child = parent.children().findFirst();
            if (child.isPresent() && Files.readString(printed).contains("\ngroups=")) {
                return child.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("capsh did not fork or print: " + Files.readString(printed));
    }

    private static Optional<String> line(List<String> lines, String label) {
        return lines.stream().filter(l -> l.startsWith(label)).findFirst();
    }

    @Test
    void namesTheThreadThatDiffers() throws Exception {
        Privileged.requireRoot();
        try (LiveChild child = LiveChild.start(List.of(), DifferingThreadMain.class)) {
            long pid = Long.parseLong(child.lines().get(0));
            String tid = child.lines().get(1);
            // The oracle: each task's status file, compared with the main thread's.
            Map<String, String> mainFields = credentialLines(pid, Long.toString(pid));
            List<String> differing = new ArrayList<>();
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.sorted().toList()) {
                    String id = task.getFileName().toString();
                    if (!credentialLines(pid, id).equals(mainFields)) {
                        differing.add(id);
                    }
                }
            }
            assertEquals(List.of(tid), differing);
            Cli cli = Cli.run("show", Long.toString(pid));
            assertEquals(0, cli.exitCode(), cli.toString());
            assertTrue(cli.stdout().contains(" 1 differs from the main thread (tid " + pid
                    + "):\n  tid " + tid + " \"caps-dropper\": CapEff 0000000000000000 (main "
                    + mainFields.get("CapEff") + ")\n"), cli.stdout());
            JsonNode json = new ObjectMapper().readTree(Cli.run("show", "--json",
                    Long.toString(pid)).stdout()).get("processes").get(0).get("threads");
            assertEquals(1, json.get("differing").size(), json.toString());
            assertEquals(tid, json.get("differing").get(0).get("tid").asText());
            assertEquals(Files.list(Path.of("/proc", Long.toString(pid), "task")).count(),
                    json.get("count").asLong(), json.toString());
        }
    }

    private static Map<String, String> credentialLines(long pid, String tid) throws Exception {
        Map<String, String> fields = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "task", tid,
                "status"))) {
            if (line.matches("(Cap[A-Za-z]+|Uid|Gid|NoNewPrivs):.*")) {
                fields.put(line.substring(0, line.indexOf(':')),
                        line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return fields;
    }

    @Test
    void userNamespace() throws Exception {
        Privileged.requireRoot();
        String unshare = Privileged.requireTool("unshare").toString();
        Process inside = ShowPidsTest.sleeper(List.of(unshare, "-r"));
        try {
            String own = Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString();
            String child = Files.readSymbolicLink(Path.of("/proc", Long.toString(inside.pid()),
                    "ns", "user")).toString();
            assertTrue(!own.equals(child), own);
            Cli cli = Cli.run("show", Long.toString(ProcessHandle.current().pid()),
                    Long.toString(inside.pid()));
            assertTrue(cli.stdout().contains("\nUser namespace: initial, " + own + "\n"),
                    cli.stdout());
            assertTrue(cli.stdout().contains("\nUser namespace: child namespace " + child
                    + ": its capabilities count only inside it\n"), cli.stdout());
            JsonNode json = new ObjectMapper().readTree(Cli.run("show", "--json",
                    Long.toString(inside.pid())).stdout()).get("processes").get(0);
            assertEquals(child, json.get("user_namespace").get("id").asText());
            assertEquals(false, json.get("user_namespace").get("initial").asBoolean());
            // unshare -r maps root: inside, uid 0 holds every capability (for the namespace).
            assertEquals(json.get("bounding").get("mask").asText(),
                    json.get("permitted").get("mask").asText());
        } finally {
            inside.destroyForcibly().waitFor();
        }
    }

    @Test
    void ownProcessShowsSecurebitsAsCapshDoes() {
        // capsh, started from this thread, inherits its securebits and no_new_privs.
        List<String> theirs = org.caps4j.testing.ChildJvm.exec(List.of(
                Privileged.requireTool("capsh").toString(), "--print")).assertSuccess().stdout()
                .lines().toList();
        Cli cli = Cli.run("show", Long.toString(ProcessHandle.current().pid()));
        List<String> ours = cli.stdout().lines().toList();
        int at = ours.indexOf(line(ours, "Securebits: ").orElseThrow());
        int theirsAt = theirs.indexOf(line(theirs, "Securebits: ").orElseThrow());
        assertEquals(theirs.subList(theirsAt, theirsAt + 5), ours.subList(at, at + 5),
                cli.stdout());
    }
}
