/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the credentials of every task of this process from {@code /proc/self/task} and whether
 * the process lives in the initial user namespace, with plain file reads (no native code).
 *
 * <p>Threads start and exit while the directory is read. A task listed but gone when its
 * status file is read (the open fails with ENOENT, or the read with ESRCH) is skipped: it no
 * longer has credentials. Any other read failure is an error.
 */
public final class ProcTasks {
    static final Path TASKS = Path.of("/proc/self/task");
    static final Path UID_MAP = Path.of("/proc/self/uid_map");

    private ProcTasks() {}

    /** One record per live task, sorted by tid, names as the kernel's comm. */
    public static List<TaskStatus> read() {
        int[] tids = tids();
        List<TaskStatus> tasks = new ArrayList<>(tids.length);
        for (int tid : tids) {
            readTask(tid).ifPresent(tasks::add);
        }
        return tasks;
    }

    /** Task {@code tid} of this process, or empty if it has exited. */
    public static Optional<TaskStatus> readTask(int tid) {
        Path status = TASKS.resolve(Integer.toString(tid)).resolve("status");
        byte[] content;
        try {
            content = Files.readAllBytes(status);
        } catch (NoSuchFileException exited) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(status.getParent())) {
                return Optional.empty(); // ESRCH: the task exited between open and read
            }
            throw new KernelFailure("read " + status, 0, "", e.toString(), e);
        }
        return Optional.of(ProcStatus.parse(tid, content, status.toString()));
    }

    /** The tids listed in /proc/self/task now, sorted. */
    static int[] tids() {
        int[] tids = new int[64];
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(TASKS)) {
            for (Path entry : entries) {
                if (count == tids.length) {
                    tids = Arrays.copyOf(tids, count * 2);
                }
                tids[count++] = parseTid(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw new KernelFailure("list " + TASKS, 0, "", e.toString()
                    + " (is /proc mounted?)", e);
        }
        int[] sorted = Arrays.copyOf(tids, count);
        Arrays.sort(sorted);
        return sorted;
    }

    private static int parseTid(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new KernelFailure("list " + TASKS, 0, "",
                    "entry \"" + name + "\" is not a thread id", e);
        }
    }

    /**
     * Whether this process is in the initial user namespace: its {@code uid_map} is the
     * identity over all 2^32 ids, which only the initial namespace has.
     */
    public static boolean inInitialUserNamespace() {
        try {
            return isInitialUidMap(Files.readString(UID_MAP));
        } catch (IOException e) {
            throw new KernelFailure("read " + UID_MAP, 0, "",
                    e + " (user namespaces need Linux 3.8 or later)", e);
        }
    }

    /** {@code "0 0 4294967295"} on one line, however the columns are padded. */
    static boolean isInitialUidMap(String uidMap) {
        String[] lines = uidMap.strip().split("\n");
        if (lines.length != 1) {
            return false;
        }
        String[] columns = lines[0].strip().split("[ \t]+");
        return columns.length == 3 && columns[0].equals("0") && columns[1].equals("0")
                && columns[2].equals("4294967295");
    }
}
