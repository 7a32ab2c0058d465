/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import java.io.IOException;

/**
 * The client on the other end of one connection.
 *
 * <p>The transport fills this in from the kernel when it accepts the connection; a request
 * handler uses {@link #atConnect()} to authorize and {@link #now()} to re-check a high-risk
 * request against what the client process is now.
 */
public interface Peer {
    /** {@return the credentials the kernel recorded when the client connected} */
    PeerCredentials atConnect();

    /**
     * Re-reads the client's current credentials.
     *
     * <p>They are read from {@code /proc/PID/status} (effective uid and gid, supplementary
     * groups) and then confirmed, through the pidfd taken at accept time, to belong to the same
     * process (not one that reused the pid). A client that connected as root and then changed
     * its ids is root for {@link #atConnect()} and its new ids here.
     *
     * @return the credentials the client process has now
     * @throws IOException if the process has exited (a zombie counts as exited), its pid was
     *     reused, the connection has ended (its pidfd is closed then), or the kernel gave no pid
     *     or pidfd for this connection
     */
    PeerCredentials now() throws IOException;
}
