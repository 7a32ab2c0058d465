/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.internal.Engine;
import org.caps4j.internal.Natives;

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
        return call(capabilities, Optional.empty(), task);
    }

    /**
     * As {@link #call(CapabilitySet, Callable)}, waiting at most {@code timeout} (queueing
     * included). Past it the task is abandoned: if it has not started it never will; if it
     * runs, its worker's effective set is emptied from here ({@link Engine#lowerEffectiveOf},
     * confirmed by that thread's read-back) and the task goes on without capabilities. The
     * worker touches its own sets again only after that, and takes no other task until the
     * abandoned one returns.
     *
     * @throws TimedOut past the timeout, once the worker's effective set is confirmed empty
     */
    public <T> T call(CapabilitySet capabilities, Optional<Duration> timeout, Callable<T> task)
            throws Exception {
        Job<T> job = new Job<>(capabilities, task);
        pool.execute(job::run);
        try {
            if (timeout.isEmpty()) {
                return job.result.get();
            }
            try {
                return job.result.get(timeout.get().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (job.abandon()) {
                    throw new TimedOut(timeout.get());
                }
                return job.result.get(); // it finished just now: its result counts
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    /** A task ran past its time; its worker no longer has capabilities in its effective set. */
    public static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        TimedOut(Duration limit) {
            super("timed out after " + limit.toMillis() + " ms; the worker's effective set was "
                    + "emptied and the body goes on without capabilities");
        }
    }

    /** One task's run on a worker, and its hand-over if the caller stops waiting. */
    private static final class Job<T> {
        private static final int RAISING = 0, RUNNING = 1, FINISHED = 2, ABANDONED = 3;

        final CompletableFuture<T> result = new CompletableFuture<>();
        private final CapabilitySet capabilities;
        private final Callable<T> task;
        private final AtomicInteger state = new AtomicInteger(RAISING);
        /** Counted down once an abandoning caller is done with this worker's sets. */
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile int tid;

        Job(CapabilitySet capabilities, Callable<T> task) {
            this.capabilities = capabilities;
            this.task = task;
        }

        /** On the worker. The task starts only if the caller still waits once E is raised. */
        void run() {
            tid = Natives.shim().gettid();
            T value = null;
            Throwable failure = null;
            try {
                Caps now = Caps.fromProcess();
                Caps.of(capabilities, now.permitted(), now.inheritable()).applyToCurrentThread();
                if (state.compareAndSet(RAISING, RUNNING)) {
                    value = task.call();
                }
            } catch (Throwable t) {
                failure = t;
            }
            if (!state.compareAndSet(RUNNING, FINISHED) && state.get() == ABANDONED) {
                awaitUninterruptibly(released); // the caller may be emptying E from outside
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
         * On the caller, past the timeout: true if the job is abandoned (its worker's effective
         * set is then confirmed empty), false if it finished meanwhile.
         */
        boolean abandon() {
            if (state.compareAndSet(RAISING, ABANDONED)) {
                released.countDown(); // not started: the worker lowers E itself and skips it
                return true;
            }
            if (!state.compareAndSet(RUNNING, ABANDONED)) {
                return false;
            }
            try {
                Engine.lowerEffectiveOf("empty the effective set of a helper worker past its "
                        + "time", tid);
            } finally {
                released.countDown();
            }
            return true;
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            boolean interrupted = false;
            while (true) {
                try {
                    latch.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
