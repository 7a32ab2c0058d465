/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.Iab;
import org.caps4j.Launcher;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.ProcTasks;
import org.caps4j.testing.ProcessLines;
import org.caps4j.testing.TestScratch;
import org.junit.jupiter.api.Test;

/**
 * H8: in a child JVM ({@link HelperOpsServiceMain}) that becomes a real unprivileged user made
 * for the test, with P = {cap_dac_read_search, cap_net_bind_service}: while an operation
 * declared with cap_dac_read_search blocks, this JVM reads /proc/CHILD/task/*&#47;status
 * itself and finds exactly that worker thread with CapEff = cap_dac_read_search, every other
 * thread with CapEff 0, and CapPrm = the union everywhere. The operation really reads a 0600
 * file in a 0700 root directory, which the same process cannot read without the capability.
 * Once as a child started as root (Identity.change), once started by caps4j's Launcher as the
 * service user with ambient capabilities plus an extra one (as a systemd unit would).
 */
class HelperOpsPrivilegeTest {
    private static final String ZERO = "0000000000000000";
    private static final String DAC_READ_SEARCH = "0000000000000004";
    private static final String NET_BIND_SERVICE = "0000000000000400";
    private static final String UNION = "0000000000000404"; // dac_read_search, net_bind_service
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void h8StartedAsRootEachOperationRunsWithExactlyItsCapability() throws Exception {
        Privileged.requireRoot();
        try (HelperOpsUser user = HelperOpsUser.create()) {
            Path dir = secretDirectory();
            ProcessBuilder builder = new ProcessBuilder(command(user, dir));
            check(user, builder.start());
        }
    }

    @Test
    void h8StartedAsTheServiceUserWithAmbientCapabilitiesKeepsOnlyTheUnion() throws Exception {
        Privileged.requireRoot();
        try (HelperOpsUser user = HelperOpsUser.create()) {
            Path dir = secretDirectory();
            // like a unit with User= and AmbientCapabilities= granting one capability too many
            CapabilitySet granted = CapabilitySet.of(Capability.DAC_READ_SEARCH,
                    Capability.NET_BIND_SERVICE, Capability.NET_RAW);
            Process child = Launcher.of(new ProcessBuilder(command(user, dir)))
                    .user(user.uid, user.gid).iab(Iab.of(granted, granted, CapabilitySet.empty()))
                    .start();
            check(user, child);
        }
    }

    private static Path secretDirectory() throws IOException {
        Path dir = TestScratch.directory("caps4j-helper-secret-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path secret = Files.writeString(dir.resolve("secret"), "the-secret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        return dir;
    }

    private static List<String> command(HelperOpsUser user, Path dir) {
        List<String> command = new ArrayList<>(ChildJvm.javaCommand(
                HelperOpsServiceMain.class.getName()));
        command.addAll(List.of(Integer.toString(user.uid), Integer.toString(user.gid),
                dir.toString()));
        return command;
    }

    private static void check(HelperOpsUser user, Process child) throws Exception {
        Lines lines = new Lines(child);
        Map<String, String> out = new LinkedHashMap<>();
        try {
            String tid = lines.awaitValue("blocked.tid", out);
            String tid2 = lines.awaitValue("blocked2.tid", out);
            List<Map<String, String>> tasks = ProcTasks.read(child.pid()); // independent census
            assertTrue(tasks.size() > 10, "a JVM's threads: " + tasks.size());
            String ids = user.uid + "\t" + user.uid + "\t" + user.uid + "\t" + user.uid;
            int raised = 0;
            for (Map<String, String> task : tasks) {
                String what = "task " + task.get("Tid") + " (" + task.get("Name") + ")";
                if (task.get("Tid").equals(tid)) {
                    assertEquals(DAC_READ_SEARCH, task.get("CapEff"), "the worker, " + what);
                    raised++;
                } else if (task.get("Tid").equals(tid2)) {
                    assertEquals(NET_BIND_SERVICE, task.get("CapEff"), "the other worker, " + what);
                    raised++;
                } else {
                    assertEquals(ZERO, task.get("CapEff"), what);
                }
                assertEquals(UNION, task.get("CapPrm"), what);
                assertEquals(ZERO, task.get("CapInh"), what);
                assertEquals(ZERO, task.get("CapAmb"), what);
                assertEquals(ids, task.get("Uid"), what);
            }
            assertEquals(2, raised, "both blocked workers were in the census");
            try (OutputStream in = child.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.US_ASCII));
            }
            lines.drain(out);
            assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue(), "child failed:\n" + out + "\n" + lines.stderr());
        assertEquals("cap_dac_read_search,cap_net_bind_service", out.get("union"));
        String tasks = out.get("census.rest.tasks");
        assertEquals(ZERO + "x" + tasks, out.get("census.rest.CapEff"), "resting: E empty");
        assertEquals(UNION + "x" + tasks, out.get("census.rest.CapPrm"), "resting: P = union");
        assertEquals(ZERO + "x" + tasks, out.get("census.rest.CapAmb"));
        assertEquals("AccessDeniedException", out.get("main.read"),
                "the service user cannot read the secret without the capability");
        assertEquals(HelperErrors.OPERATION_FAILED, out.get("without"),
                "an operation declared without the capability cannot read it either");
        assertEquals("null", out.get("read.error"));
        assertEquals("the-secret\n", out.get("read.text") + "\n");
        assertEquals(ZERO, out.get("after.worker.CapEff"), "the worker's E is empty again");
        assertEquals("null", out.get("hold.error"), out.toString());
        assertTrue(Integer.parseInt(out.get("hold.port")) < 1024, "bound below 1024");
        assertEquals(ZERO, out.get("after.worker2.CapEff"));
        String after = out.get("census.after.tasks");
        assertEquals(ZERO + "x" + after, out.get("census.after.CapEff"), out.toString());
        assertEquals(UNION + "x" + after, out.get("census.after.CapPrm"));
        assertEquals("null", out.get("cat.error"), out.toString());
        assertEquals("the-secret", out.get("cat.output"), "cat with the ambient capability");
        assertEquals(HelperErrors.OPERATION_FAILED, out.get("catWithout.error"));
        assertEquals("CapInh: " + DAC_READ_SEARCH + " CapPrm: " + DAC_READ_SEARCH + " CapEff: "
                + DAC_READ_SEARCH + " CapBnd: " + out.get("showcaps").split(" ")[7] + " CapAmb: "
                + DAC_READ_SEARCH, out.get("showcaps"), "the program has exactly its capability");
        String end = out.get("census.end.tasks");
        assertEquals(ZERO + "x" + end, out.get("census.end.CapEff"),
                "no thread started by a launch kept a raised effective set: " + out);
        assertNotEquals(null, out.get("done"));
        assertTrue(out.values().stream().anyMatch(v -> v.startsWith("caps4j-helper uid=1000")
                && v.contains("method=org.example.Helper.ReadSecret decision=allowed result=ok")),
                "audited");
    }

    /** The child's stdout as key=value lines, read on a thread so waits can time out. */
    private static final class Lines {
        private static final String EOF = "\u0000eof";
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final Process process;

        Lines(Process process) {
            this.process = process;
            ProcessLines.pump(process.getInputStream(), "helper-child-stdout", queue::add,
                    () -> queue.add(EOF));
        }

        String awaitValue(String key, Map<String, String> out) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!out.containsKey(key)) {
                String line = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(EOF)) {
                    throw new AssertionError("no " + key + " from the child: " + out + "\n"
                            + stderr());
                }
                put(line, out);
            }
            return out.get(key);
        }

        void drain(Map<String, String> out) throws Exception {
            while (true) {
                String line = queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (line == null || line.equals(EOF)) {
                    return;
                }
                put(line, out);
            }
        }

        private static void put(String line, Map<String, String> out) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.merge(line.substring(0, eq), line.substring(eq + 1),
                        (a, b) -> line.startsWith("audit=") ? a + "\n" + b : b);
            }
        }

        String stderr() {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                return "(stderr unreadable: " + e + ")";
            }
        }
    }
}
