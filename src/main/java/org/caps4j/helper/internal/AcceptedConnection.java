/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import org.caps4j.helper.PeerCredentials;
import org.caps4j.internal.NativeShim;

/**
 * One accepted connection as the kernel described it ({@code struct caps4j_peer}).
 *
 * @param socket the connection
 * @param credentials SO_PEERCRED and SO_PEERGROUPS, taken at connect time
 * @param pidfd the client's pidfd, or -1
 * @param pidfdFromPeer true if the pidfd came from SO_PEERPIDFD (the connecting process
 *     itself), false if from pidfd_open(pid) after accept (the pid could already be reused)
 */
record AcceptedConnection(UnixConnection socket, PeerCredentials credentials, int pidfd,
        boolean pidfdFromPeer) {
    private static final int FD = 0, PID = 1, UID = 2, GID = 3, PIDFD = 4, PIDFD_KIND = 5,
            GROUP_COUNT = 6;
    private static final int PIDFD_PEER = 1;

    static AcceptedConnection decode(NativeShim shim, int[] peer) {
        int[] groups = new int[peer[GROUP_COUNT]];
        System.arraycopy(peer, NativeShim.PEER_HEADER_INTS, groups, 0, groups.length);
        PeerCredentials credentials = new PeerCredentials(peer[UID], peer[GID], peer[PID], groups);
        return new AcceptedConnection(new UnixConnection(shim, peer[FD]), credentials, peer[PIDFD],
                peer[PIDFD_KIND] == PIDFD_PEER);
    }
}
