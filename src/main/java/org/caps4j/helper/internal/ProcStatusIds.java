/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.caps4j.internal.ProcStatus;

/**
 * The effective ids of a process from {@code /proc/PID/status} (its Uid, Gid and Groups lines,
 * and whether it is a zombie). Only meaningful together with a check that the pid still names
 * the same process (see {@link KernelPeer#now()}).
 *
 * @param uid the effective uid (second field of Uid:)
 * @param gid the effective gid
 * @param groups the supplementary groups
 * @param exited true if the process is a zombie (it has exited, not yet reaped)
 */
record ProcStatusIds(int uid, int gid, int[] groups, boolean exited) {
    static ProcStatusIds read(long pid) throws IOException {
        String status;
        try {
            status = Files.readString(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("process " + pid + " has exited");
        }
        int uid = -1, gid = -1;
        int[] groups = null;
        boolean exited = false;
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                uid = effective(line);
            } else if (line.startsWith("Gid:")) {
                gid = effective(line);
            } else if (line.startsWith("Groups:")) {
                groups = ProcStatus.groups(line.getBytes(StandardCharsets.US_ASCII));
            } else if (line.startsWith("State:")) {
                exited = line.contains("Z (zombie)") || line.contains("X (dead)");
            }
        }
        if (uid < 0 || gid < 0 || groups == null) {
            throw new IOException("/proc/" + pid + "/status has no Uid, Gid or Groups line");
        }
        return new ProcStatusIds(uid, gid, groups, exited);
    }

    /** The second of the four ids (real, effective, saved, filesystem). */
    private static int effective(String line) {
        String[] fields = line.trim().split("\\s+");
        return Integer.parseUnsignedInt(fields[2]);
    }
}
