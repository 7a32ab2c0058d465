/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.SecureBits;
import org.caps4j.internal.ProcStatus;
import org.caps4j.internal.TaskStatus;

/**
 * What {@code /proc/PID/status} (or {@code /proc/PID/task/TID/status}) says about one task's
 * credentials, plus its supplementary groups, and its securebits where the kernel shows them:
 * only to the process itself (there is no /proc field for them), so only for this JVM's pid.
 *
 * @param pid the process (or thread) id read
 * @param task the parsed Cap*, NoNewPrivs, Uid and Gid fields
 * @param groups the {@code Groups:} line
 * @param secureBits the securebits, for this process only
 */
record PidStatus(long pid, TaskStatus task, List<Long> groups, Optional<SecureBits> secureBits) {

    /**
     * Reads {@code path} (a status file) for task {@code pid}.
     *
     * @throws NoSuchFileException if the task does not exist (or has exited)
     */
    static PidStatus read(long pid, Path path) throws IOException {
        byte[] content = Files.readAllBytes(path);
        TaskStatus task = ProcStatus.parse((int) pid, content, path.toString());
        List<Long> groups = Arrays.stream(ProcStatus.groups(content))
                .mapToObj(Integer::toUnsignedLong).toList();
        // SecureBits.read() is the calling thread's; the CLI changes no thread's bits, so for
        // this process it is what every thread has unless someone changed one on purpose.
        Optional<SecureBits> bits = pid == ProcessHandle.current().pid()
                ? Optional.of(SecureBits.read()) : Optional.empty();
        return new PidStatus(pid, task, groups, bits);
    }

    /** {@code /proc/PID/status}. */
    static PidStatus ofProcess(long pid) throws IOException {
        return read(pid, Path.of("/proc", Long.toString(pid), "status"));
    }

    Caps caps() {
        return Caps.of(CapabilitySet.fromMask(task.effective()),
                CapabilitySet.fromMask(task.permitted()), CapabilitySet.fromMask(task.inheritable()));
    }

    CapabilitySet bounding() {
        return CapabilitySet.fromMask(task.bounding());
    }

    CapabilitySet ambient() {
        return CapabilitySet.fromMask(task.ambient());
    }

    boolean noNewPrivs() {
        return task.noNewPrivs();
    }

    long uid() {
        return task.uids().real();
    }

    long gid() {
        return task.gids().real();
    }
}
