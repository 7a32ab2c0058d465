/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;

/**
 * A few dedicated platform threads that run one task at a time with exactly a given set of
 * capabilities effective, and none between tasks.
 *
 * <p>This is the one place where a per-thread change is right: the process keeps the union of
 * the operations' capabilities in its permitted set only, and each task raises exactly its
 * own into the effective set of the thread that runs it ({@code applyToCurrentThread}), then
 * lowers the effective set to empty again before the caller gets the result. If the lowering
 * cannot be confirmed, that thread ends (the pool starts a fresh one) and the task fails: a
 * thread with a raised effective set never takes another task.
 *
 * <p>Threads a task creates inherit its raised effective set; operation bodies must not start
 * threads, and whatever starts threads behind the scenes (starting a process starts the JDK's
 * reaper and timer threads) must run after {@link #lowerCurrentThread()}.
 */
public final class CapabilityWorkers implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    /**
     * @param threads how many tasks may run at once
     * @param queue how many more may wait; beyond that {@link #call} is rejected
     */
    public CapabilityWorkers(int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(() -> {
                lowerCurrentThread(); // a thread starts with its creator's sets: begin from none
                task.run();
            }, "caps4j-helper-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), factory, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code task} on a worker with exactly {@code capabilities} effective and waits for it.
     *
     * @param <T> the task's result type
     * @param capabilities the effective set for the task (must be permitted)
     * @param task what to run
     * @return the task's result
     * @throws Exception what the task threw, or a caps4j exception if the effective set could
     *     not be raised or lowered
     * @throws java.util.concurrent.RejectedExecutionException if every worker is busy and the
     *     queue is full
     */
    public <T> T call(CapabilitySet capabilities, Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        pool.execute(() -> runWith(capabilities, task, result));
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    private static <T> void runWith(CapabilitySet capabilities, Callable<T> task,
            CompletableFuture<T> result) {
        T value = null;
        Throwable failure = null;
        try {
            Caps now = Caps.fromProcess();
            Caps.of(capabilities, now.permitted(), now.inheritable()).applyToCurrentThread();
            value = task.call();
        } catch (Throwable t) {
            failure = t;
        }
        if (!lowerCurrentThread()) {
            result.completeExceptionally(new IllegalStateException(
                    "could not lower the effective set of " + Thread.currentThread().getName()));
            throw new IllegalStateException("worker ends: effective set not confirmed empty");
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(value);
        }
    }

    /**
     * Empties the calling thread's effective set (P and I unchanged).
     *
     * @return whether it is now confirmed empty
     */
    public static boolean lowerCurrentThread() {
        try {
            Caps now = Caps.fromProcess();
            if (!now.effective().isEmpty()) {
                Caps.of(CapabilitySet.empty(), now.permitted(), now.inheritable())
                        .applyToCurrentThread();
            }
            return Caps.fromProcess().effective().isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Stops the workers after the tasks already accepted. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
