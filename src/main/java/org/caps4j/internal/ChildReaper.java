/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Waits for spawned children, one pooled daemon thread per running child (the JDK's "process
 * reaper" does the same): each blocks in {@code caps4j_wait_child} on its child's pidfd, so it
 * reaps exactly that child and never another library's. Threads idle for 30 s end.
 */
final class ChildReaper {
    /** Enough for a blocking native call; the JDK's reaper uses the same order of size. */
    private static final long STACK_BYTES = 128 * 1024;
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(null, task, "caps4j-reaper", STACK_BYTES);
                thread.setDaemon(true);
                return thread;
            });

    private ChildReaper() {}

    /**
     * Completes {@code exit} with the child's exit value once it has exited and was reaped
     * ({@code afterReap} runs first, e.g. to close the pidfd), or exceptionally if waiting
     * failed.
     */
    static void watch(int pid, int pidfd, Runnable afterReap, CompletableFuture<Integer> exit) {
        POOL.execute(() -> {
            int status = Natives.shim().waitChild(pid, pidfd);
            afterReap.run();
            if (status < 0) {
                exit.completeExceptionally(new IllegalStateException("waitid for child " + pid
                        + " failed: " + Errno.describe(-status)));
            } else {
                exit.complete(status);
            }
        });
    }
}
