/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import org.caps4j.testing.Threads;
import java.util.concurrent.CountDownLatch;
import org.caps4j.Iab;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM (root) for issue 8 item 7: with four idle threads, applies {@code Iab.parse(args[0])}
 * to the process and prints the outcome, {@code Iab.fromProcess()} and a census of every task's
 * CapInh, CapBnd and CapAmb.
 */
public final class IabLikeLibcapMain {
    public static void main(String[] args) {
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            Threads.daemon("idle-" + i, () -> {
                try {
                    never.await();
                } catch (InterruptedException ignored) {
                    // exits with the JVM
                }
            });
        }
        try {
            Iab.parse(args[0]).apply();
            System.out.println("apply=ok");
        } catch (RuntimeException e) {
            System.out.println("apply=" + e.toString().replace('\n', ' '));
        }
        System.out.println("iab=" + Iab.fromProcess());
        ProcTasks.print("after", "CapInh", "CapBnd", "CapAmb");
    }
}
