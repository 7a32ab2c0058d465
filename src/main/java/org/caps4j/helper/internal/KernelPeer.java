/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.io.IOException;
import org.caps4j.helper.Peer;
import org.caps4j.helper.PeerCredentials;
import org.caps4j.internal.NativeShim;

/**
 * A {@link Peer} backed by the kernel: connect-time credentials from the accept, and a pidfd
 * that pins the client process, so {@link #now()} can tell "the same process" from "another
 * process that got the same pid". The pidfd is closed when the connection ends.
 */
final class KernelPeer implements Peer {
    private static final int EPERM = 1;

    private final NativeShim shim;
    private final PeerCredentials atConnect;
    private final boolean pidfdFromPeer;
    private int pidfd;
    private boolean released;

    KernelPeer(NativeShim shim, AcceptedConnection accepted) {
        this.shim = shim;
        this.atConnect = accepted.credentials();
        this.pidfd = accepted.pidfd();
        this.pidfdFromPeer = accepted.pidfdFromPeer();
    }

    @Override
    public PeerCredentials atConnect() {
        return atConnect;
    }

    /**
     * Reads /proc/PID/status first, then asks the kernel through the pidfd whether that process
     * still exists (pidfd_send_signal with signal 0). Only in that order does a success prove
     * the status read belonged to our client: if it had exited before the read, its pid could
     * have been reused by then, but its pidfd reports it gone. A zombie counts as gone.
     * (EPERM from the signal check means the process exists but we may not signal it.)
     */
    @Override
    public synchronized PeerCredentials now() throws IOException {
        int pid = atConnect.pid();
        if (released) {
            throw new IOException("the connection has ended: its client can no longer be checked");
        }
        if (pidfd < 0 || pid <= 0) {
            throw new IOException("no pidfd for this client (" + (pid <= 0 ? "the kernel gave no pid"
                    : "pidfd unavailable") + "): its current credentials cannot be confirmed");
        }
        ProcStatusIds ids = ProcStatusIds.read(pid);
        int alive = shim.signalChild(pid, pidfd, 0);
        if (ids.exited() || (alive != 0 && alive != -EPERM)) {
            throw new IOException("client process " + pid + " has exited"
                    + " (its pid may since belong to another process)");
        }
        return new PeerCredentials(ids.uid(), ids.gid(), pid, ids.groups());
    }

    /** Whether the pidfd is the kernel's SO_PEERPIDFD (true) or a later pidfd_open (weaker). */
    boolean pidfdFromPeer() {
        return pidfdFromPeer;
    }

    /** Closes the pidfd; {@link #now()} throws from then on. */
    synchronized void release() {
        released = true;
        if (pidfd >= 0) {
            shim.close(pidfd);
            pidfd = -1;
        }
    }
}
