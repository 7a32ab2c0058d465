/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.Iab;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM for Iab.apply (run as root, 4 pool threads alive). {@code apply}: apply
 * {@code !cap_net_raw,^cap_net_bind_service} and print every task's state before and after,
 * plus Iab.fromProcess() on a pool worker. {@code notpermitted}: with NET_BIND_SERVICE removed
 * from P, applying an IAB that makes it ambient must throw and change nothing.
 */
public final class IabApplyMain {
    static final String[] FIELDS = ProcTasks.CAP_FIELDS;

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        if (args[0].equals("apply")) {
            ProcTasks.print("before", FIELDS);
            Iab.parse("!cap_net_raw,^cap_net_bind_service").apply();
            ProcTasks.print("after", FIELDS);
            System.out.println("worker=" + pool.submit(() -> Iab.fromProcess().toString()).get());
        } else {
            Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.NET_BIND_SERVICE)
                    .remove(Flag.PERMITTED, Capability.NET_BIND_SERVICE).apply();
            ProcTasks.print("before", FIELDS);
            try {
                Iab.parse("!cap_net_raw,^cap_net_bind_service").apply();
                System.out.println("thrown=none");
            } catch (CapabilityException e) {
                System.out.println("thrown=" + e.getClass().getSimpleName());
                System.out.println("errno=" + e.errnoName());
                System.out.println("message=" + e.getMessage());
            }
            ProcTasks.print("after", FIELDS);
        }
        pool.shutdownNow();
    }
}
