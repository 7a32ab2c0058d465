/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.Bounding;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM for L4/L5 (run as root). {@code root}: drop NET_RAW and SYS_TIME from the bounding
 * set with SETPCAP effective, then NET_ADMIN with SETPCAP only permitted (borrowed);
 * a program started from a pool worker afterwards gets neither. {@code nosetpcap}: with
 * SETPCAP gone from P, Bounding.drop must throw and change nothing.
 */
public final class BoundingMain {
    static final String[] FIELDS = ProcTasks.CAP_FIELDS;

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        if (args[0].equals("root")) {
            ProcTasks.print("before", FIELDS);
            Bounding.drop(Capability.NET_RAW, Capability.SYS_TIME);
            ProcTasks.print("dropped", FIELDS);
            Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.SETPCAP).apply();
            Bounding.drop(Capability.NET_ADMIN);
            ProcTasks.print("borrowed", FIELDS);
            System.out.println("exec=" + pool.submit(BoundingMain::execGrep).get());
        } else {
            Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.SETPCAP)
                    .remove(Flag.PERMITTED, Capability.SETPCAP).apply();
            ProcTasks.print("before", FIELDS);
            try {
                Bounding.drop(Capability.NET_RAW);
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

    /** CapPrm and CapBnd of a program started from this thread (root gets P = bounding). */
    private static String execGrep() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("grep", "-E", "^Cap(Prm|Bnd)", "/proc/self/status")
                .redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes()).strip();
        process.waitFor();
        return text.replaceAll("\\s+", "");
    }
}
