/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.CapabilityException;
import org.caps4j.SecureBits;
import org.caps4j.testing.ProcTasks;
import org.caps4j.testing.Seccomp;

/**
 * Child JVM (root, 4 idle pool workers) for the credential op kinds below the planner, sent
 * straight to the shim's broadcast. {@code kernel-securebits}: after SecureBits.lock(), the
 * planner refuses to clear NOROOT, and a raw list that does so reaches the kernel, which
 * refuses on the calling thread before any other thread is signalled.
 * {@code groups-failure}: keep-caps on, setgroups with 7 gids, a capset that a seccomp filter
 * makes fail on 4 threads (not the caller), keep-caps off: every thread ran setgroups, those 4
 * report the capset's EPERM and have keep-caps off again.
 */
public final class CredentialOpsMain {
    static final String[] FIELDS = {"Groups", "Uid", "Gid", "CapEff", "CapPrm", "NoNewPrivs"};
    static final int[] SEVEN = {7, 1, 2, 3, 4, 5, 100000};
    private static final int EPERM = 1;

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        NativeShim shim = Natives.shim();
        if (args[0].equals("kernel-securebits")) {
            SecureBits.lock();
            int bits = shim.readSecurebits();
            ProcTasks.print("before", FIELDS);
            try {
                SecureBits.set(SecureBits.fromBits(bits & ~1));
                System.out.println("planner=none");
            } catch (CapabilityException e) {
                System.out.println("planner=" + e.getClass().getSimpleName() + "|"
                        + e.errnoName() + "|" + e.getMessage());
            }
            CredentialState now = CredentialState.ofCallingThread();
            Transaction raw = new Transaction(Fields.SECUREBITS, 0, 0,
                    now.withSecurebits(bits & ~1), OpList.builder().securebits(bits & ~1).build());
            print("kernel", shim.broadcast(raw, new int[0], 10_000));
            System.out.println("main.securebits=" + shim.readSecurebits());
            System.out.println("worker.securebits=" + pool.submit(shim::readSecurebits).get());
            ProcTasks.print("after", FIELDS);
        } else {
            List<OwnThread> victims = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                OwnThread victim = new OwnThread("victim-" + i);
                victim.run(() -> Seccomp.failOnCurrentThread(Seccomp.Syscall.CAPSET, EPERM));
                victims.add(victim);
            }
            ProcTasks.print("before", FIELDS);
            CredentialState now = CredentialState.ofCallingThread();
            CredentialState target = now.withIds(now.uids(), now.gids(),
                    CredentialState.sortedGroups(SEVEN));
            OpList ops = OpList.builder().keepCaps(true).setgroups()
                    .capset(now.effective(), now.permitted(), now.inheritable())
                    .keepCaps(false).build();
            System.out.println("ops=" + ops.size());
            BroadcastReport report = shim.broadcast(new Transaction(Fields.GROUPS
                    | Fields.SECUREBITS, 0, 0, target, ops), new int[0], 10_000);
            print("broadcast", report);
            Map<Integer, ThreadOutcome> byTid = new java.util.HashMap<>();
            report.threads().forEach(outcome -> byTid.put(outcome.tid(), outcome));
            System.out.println("main.keepCaps=" + shim.readKeepCaps());
            for (int i = 0; i < victims.size(); i++) {
                OwnThread victim = victims.get(i);
                ThreadOutcome outcome = byTid.get(victim.tid());
                System.out.println("victim" + i + ".outcome=" + (outcome == null ? "none"
                        : outcome.state() + " step " + outcome.step() + " errno "
                                + outcome.errno()));
                System.out.println("victim" + i + ".keepCaps=" + victim.call(shim::readKeepCaps));
            }
            for (int i = 0; i < 4; i++) {
                System.out.println("worker" + i + ".keepCaps=" + pool.submit(shim::readKeepCaps)
                        .get());
            }
            ProcTasks.print("after", FIELDS);
        }
        pool.shutdownNow();
    }

    private static void print(String label, BroadcastReport report) {
        System.out.println(label + ".result=" + report.result());
        System.out.println(label + ".caller=" + report.callerStep() + " " + report.callerErrno());
        System.out.println(label + ".signalled=" + report.signalled());
        System.out.println(label + ".failed=" + report.failed());
    }
}
