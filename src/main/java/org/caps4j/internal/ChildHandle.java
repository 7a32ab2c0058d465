/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The {@link ProcessHandle} of a spawned child. While the child runs, its info and children
 * come from the JDK's handle for the pid; once it was reaped the pid may belong to another
 * process, so this handle reports it gone instead of asking the kernel about the pid again.
 */
final class ChildHandle implements ProcessHandle {
    private final ChildProcess process;

    ChildHandle(ChildProcess process) {
        this.process = process;
    }

    private Optional<ProcessHandle> live() {
        return process.isAlive() ? ProcessHandle.of(process.pid()) : Optional.empty();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Optional<ProcessHandle> parent() {
        return Optional.of(ProcessHandle.current());
    }

    @Override
    public Stream<ProcessHandle> children() {
        return live().map(ProcessHandle::children).orElseGet(Stream::empty);
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return live().map(ProcessHandle::descendants).orElseGet(Stream::empty);
    }

    @Override
    public Info info() {
        return live().map(ProcessHandle::info).orElse(NoInfo.INSTANCE);
    }

    @Override
    public CompletableFuture<ProcessHandle> onExit() {
        return process.onExit().thenApply(exited -> this);
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public boolean destroy() {
        return process.signal(ChildProcess.SIGTERM);
    }

    @Override
    public boolean destroyForcibly() {
        return process.signal(ChildProcess.SIGKILL);
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public int compareTo(ProcessHandle other) {
        return Long.compare(pid(), other.pid());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChildHandle handle && handle.process == process;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid());
    }

    @Override
    public String toString() {
        return Long.toString(pid());
    }

    /** What is known about a process that is gone: nothing. */
    private enum NoInfo implements Info {
        INSTANCE;

        @Override
        public Optional<String> command() {
            return Optional.empty();
        }

        @Override
        public Optional<String> commandLine() {
            return Optional.empty();
        }

        @Override
        public Optional<String[]> arguments() {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> startInstant() {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> totalCpuDuration() {
            return Optional.empty();
        }

        @Override
        public Optional<String> user() {
            return Optional.empty();
        }
    }
}
