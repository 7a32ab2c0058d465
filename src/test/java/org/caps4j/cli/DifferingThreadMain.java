/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.caps4j.Caps;

/**
 * A JVM one of whose threads, {@code caps-dropper}, empties its own effective set
 * ({@link Caps#applyToCurrentThread()}): prints its pid and that thread's tid, then {@code ready}, and
 * stays alive until stdin closes.
 */
public final class DifferingThreadMain {
    private DifferingThreadMain() {}

    public static void main(String[] args) throws Exception {
        CountDownLatch dropped = new CountDownLatch(1);
        String[] tid = new String[1];
        Thread dropper = new Thread(() -> {
            Caps.fromProcess().deactivate().applyToCurrentThread();
            try {
                // /proc/thread-self -> "PID/task/TID"
                tid[0] = Path.of("/proc/thread-self").toRealPath().getFileName().toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            dropped.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException stop) {
                // exit
            }
        }, "caps-dropper");
        dropper.setDaemon(true);
        dropper.start();
        dropped.await();
        System.out.println(ProcessHandle.current().pid());
        System.out.println(tid[0]);
        System.out.println("ready");
        System.out.flush();
        System.in.read(); // until the test closes stdin
    }
}
