/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import java.util.Arrays;

/**
 * Who a client is, as the kernel reports it: never as the client claims.
 *
 * <p>At connect time these come from {@code SO_PEERCRED} (uid, gid, pid) and
 * {@code SO_PEERGROUPS} (supplementary groups); they describe the process that called
 * {@code connect}, at that moment. A client that connects as root and then changes its ids is
 * still judged as root for that connection; {@link Peer#now()} re-reads them.
 *
 * @param uid the effective user id
 * @param gid the effective group id
 * @param pid the process id (0 if the kernel did not report one)
 * @param groups the supplementary group ids
 */
public record PeerCredentials(int uid, int gid, int pid, int[] groups) {
    /** Copies {@code groups} so the record stays immutable. */
    public PeerCredentials {
        groups = groups.clone();
    }

    /** {@return the supplementary group ids (a copy)} */
    @Override
    public int[] groups() {
        return groups.clone();
    }

    /**
     * {@return whether {@code group} is this peer's gid or one of its supplementary groups}
     *
     * @param group a group id
     */
    public boolean isInGroup(int group) {
        return gid == group || Arrays.stream(groups).anyMatch(g -> g == group);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PeerCredentials p && p.uid == uid && p.gid == gid && p.pid == pid
                && Arrays.equals(p.groups, groups);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * uid + gid) + pid) + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "uid=" + uid + " gid=" + gid + " pid=" + pid + " groups=" + Arrays.toString(groups);
    }
}
