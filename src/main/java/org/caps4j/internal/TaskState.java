/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One task's credentials as {@code /proc/self/task/TID/status} shows them, read from outside
 * the task (the independent half of the census): {@link ProcStatus} parses the file, this adds
 * its {@code Groups} line. Securebits are not in that file: the caller supplies the value to
 * assume.
 *
 * @param comm the kernel's thread name (15 bytes at most)
 */
record TaskState(int tid, String comm, CredentialState state) {
    /** The task's state, or empty if it has exited (or is a zombie, whose status is cut short). */
    static Optional<TaskState> read(int tid, int securebits) {
        Path status = ProcTasks.TASKS.resolve(Integer.toString(tid)).resolve("status");
        byte[] content;
        TaskStatus task;
        try {
            content = Files.readAllBytes(status);
            task = ProcStatus.parse(tid, content, status.toString());
        } catch (IOException | KernelFailure exited) {
            return Optional.empty();
        }
        return Optional.of(new TaskState(tid, task.name(), new CredentialState(task.effective(),
                task.permitted(), task.inheritable(), task.bounding(), task.ambient(),
                securebits, task.noNewPrivs(), ids(task.uids()), ids(task.gids()),
                CredentialState.sortedGroups(ProcStatus.groups(content)))));
    }

    private static CredentialState.Ids ids(TaskStatus.IdQuad ids) {
        return new CredentialState.Ids((int) ids.real(), (int) ids.effective(),
                (int) ids.saved());
    }

    /** The kernel's name of task {@code tid}, or "?" once it has exited. */
    static String comm(int tid) {
        try {
            return Files.readString(ProcTasks.TASKS.resolve(Integer.toString(tid))
                    .resolve("comm")).strip();
        } catch (IOException | RuntimeException exited) {
            return "?";
        }
    }
}
