/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import org.caps4j.testing.Threads;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.caps4j.Capability;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.ThreadCensus;
import org.caps4j.testing.KernelStatus;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM (root) for issue 8 items 5(b) and 6: a Java thread named
 * {@value #WORKER} and a native pthread (args[1], {@code altstack_thread.c}) are held in a
 * ptrace-stop by the helper args[0] ({@code ptrace_stop.c}) while CAP_NET_RAW is dropped from E
 * process-wide: they cannot answer and the apply times out. Then the helper lets them go and
 * the same target is applied again. Prints both outcomes and a final census.
 */
public final class StuckThreadMain {
    static final String WORKER = "caps4j-stuck-worker";

    public static void main(String[] args) throws Exception {
        TestNatives.load(Path.of(args[1]));
        int nativeTid = TestNatives.callInt("caps4j_test_plain_thread");
        CompletableFuture<Integer> javaTid = new CompletableFuture<>();
        Thread worker = Threads.daemon(WORKER, () -> {
            javaTid.complete(TestNatives.tid());
            try {
                new CountDownLatch(1).await(); // blocked for good: never at a safepoint poll
            } catch (InterruptedException ignored) {
                // exits with the JVM
            }
        });
        int tid = javaTid.get();
        while (worker.getState() != Thread.State.WAITING) {
            Thread.sleep(10);
        }
        System.out.println("javaTid=" + tid);
        System.out.println("nativeTid=" + nativeTid);
        Process helper = new ProcessBuilder(args[0], Integer.toString(tid),
                Integer.toString(nativeTid)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader helperOut = new BufferedReader(new InputStreamReader(
                helper.getInputStream(), StandardCharsets.UTF_8));
        System.out.println("helper=" + helperOut.readLine());

        Caps target = Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.NET_RAW);
        long t0 = System.nanoTime();
        System.out.println("first=" + attempt(target));
        System.out.println("firstMillis=" + (System.nanoTime() - t0) / 1_000_000);
        long pid = ProcessHandle.current().pid();
        System.out.println("stuck.javaCapEff=" + capEff(pid, tid));
        System.out.println("stuck.nativeCapEff=" + capEff(pid, nativeTid));

        helper.getOutputStream().close(); // the helper detaches: both threads run again
        System.out.println("helperEnd=" + helperOut.readLine() + " exit " + helper.waitFor());
        Thread.sleep(200);
        System.out.println("second=" + attempt(target));

        String expected = String.format("%016x", target.effective().mask());
        List<Map<String, String>> tasks = ProcTasks.read();
        System.out.println("final.expectedCapEff=" + expected);
        System.out.println("final.tasks=" + tasks.size());
        System.out.println("final.otherCapEff="
                + tasks.stream().filter(t -> !expected.equals(t.get("CapEff"))).count());
        System.out.println("final.uniform=" + ThreadCensus.take().isUniform());
    }

    private static String attempt(Caps target) {
        try {
            target.apply();
            return "ok";
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getName() + ": " + e.getMessage().replace('\n', ' ');
        }
    }

    private static String capEff(long pid, int tid) {
        return KernelStatus.of(pid, tid).map(s -> s.get("CapEff")).orElse("gone");
    }
}
