/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import org.caps4j.testing.Threads;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A named platform thread that runs every call given to it itself, so per-thread state (a
 * seccomp filter, an applyToCurrentThread) stays on one known task whose tid the test knows.
 * Between calls it blocks in a queue, as an idle pool worker does.
 */
final class OwnThread implements AutoCloseable {
    private final BlockingQueue<FutureTask<?>> calls = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final int tid;

    OwnThread(String name) {
        thread = Threads.daemon(name, () -> {
            try {
                for (;;) {
                    calls.take().run();
                }
            } catch (InterruptedException closed) {
                // exit
            }
        });
        tid = call(() -> Natives.shim().gettid());
    }

    int tid() {
        return tid;
    }

    String name() {
        return thread.getName();
    }

    /** Runs {@code call} on this thread and returns its result (its exception rethrown). */
    <T> T call(Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        calls.add(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
