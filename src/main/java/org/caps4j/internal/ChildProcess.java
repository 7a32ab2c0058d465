/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child started by {@code caps4j_spawn}, as a {@link Process} that behaves as the JDK's own:
 * the same exit values (0x80 + the signal number for a signalled child), {@code destroy} sends
 * SIGTERM and {@code destroyForcibly} SIGKILL and both close the streams, a stream that is not
 * a pipe reads nothing and refuses writes. Signals go through the child's pidfd, and never after
 * it was reaped, so they cannot reach a process that reused the pid.
 */
final class ChildProcess extends Process {
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private final long pid;
    private final StdioPipes pipes;
    private final OutputStream input;
    private final InputStream output;
    private final InputStream error;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final ChildHandle handle = new ChildHandle(this);
    /** Guards pidfd against being closed (after the reap) while a signal is sent through it. */
    private final Object pidfdLock = new Object();
    private int pidfd;
    private boolean reaped;

    ChildProcess(int pid, int pidfd, StdioPipes pipes) {
        this.pid = pid;
        this.pidfd = pidfd;
        this.pipes = pipes;
        this.input = pipes.input();
        this.output = pipes.output();
        this.error = pipes.error();
        ChildReaper.watch(pid, pidfd, this::reaped, exit);
    }

    private void reaped() {
        synchronized (pidfdLock) {
            reaped = true;
            if (pidfd >= 0) {
                Natives.shim().close(pidfd);
                pidfd = -1;
            }
        }
        pipes.childExited();
    }

    /** Sends {@code signal} unless the child was reaped; true if the kernel took it. */
    boolean signal(int signal) {
        synchronized (pidfdLock) {
            return !reaped && Natives.shim().signalChild((int) pid, pidfd, signal) == 0;
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return input;
    }

    @Override
    public InputStream getInputStream() {
        return output;
    }

    @Override
    public InputStream getErrorStream() {
        return error;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public int exitValue() {
        if (!exit.isDone()) {
            throw new IllegalThreadStateException("process hasn't exited");
        }
        return exit.join();
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public void destroy() {
        destroy(SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
        destroy(SIGKILL);
        return this;
    }

    private void destroy(int signal) {
        signal(signal);
        for (AutoCloseable stream : new AutoCloseable[] {input, output, error}) {
            try {
                stream.close();
            } catch (Exception ignored) {
                // as the JDK: a stream that fails to close is not the caller's problem here
            }
        }
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public ProcessHandle toHandle() {
        return handle;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.thenApply(value -> this);
    }

    @Override
    public String toString() {
        return "Process[pid=" + pid + ", exitValue="
                + (exit.isDone() ? exit.join().toString() : "\"not exited\"") + "]";
    }
}
