/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.caps4j.internal.Errno;
import org.caps4j.internal.NativeShim;

/**
 * One accepted connection's descriptor. Reads and writes block in native code with a poll
 * timeout (the connection's own platform thread); {@link #shutdown()} may be called from any
 * thread to wake that thread, and only the owner {@link #close() closes} the descriptor, so a
 * number the kernel reuses for another file is never shut down or closed by mistake.
 */
final class UnixConnection implements AutoCloseable {
    private final NativeShim shim;
    private final int fd;
    private boolean closed;

    UnixConnection(NativeShim shim, int fd) {
        this.shim = shim;
        this.fd = fd;
    }

    /**
     * Reads into {@code into} (direct) from its position up to its limit, and advances the
     * position: the count, 0 at end of stream, or {@code -ETIMEDOUT}.
     */
    int read(ByteBuffer into, int timeoutMillis) throws IOException {
        int n;
        do {
            n = shim.unixRead(fd, into, timeoutMillis);
        } while (n == -Errno.EAGAIN);
        if (n == -Errno.ETIMEDOUT) {
            return n;
        }
        if (n < 0) {
            throw new IOException("read: " + Errno.describe(-n));
        }
        into.position(into.position() + n);
        return n;
    }

    /** Writes all of {@code from} (direct), each wait at most {@code timeoutMillis}. */
    void writeFully(ByteBuffer from, int timeoutMillis) throws IOException {
        while (from.hasRemaining()) {
            int n = shim.unixWrite(fd, from, timeoutMillis);
            if (n == -Errno.EAGAIN) {
                continue;
            }
            if (n < 0) {
                throw new IOException("write: " + Errno.describe(-n));
            }
            from.position(from.position() + n);
        }
    }

    /** Wakes the thread that waits on this connection; it then sees end of stream. */
    synchronized void shutdown() {
        if (!closed) {
            shim.unixShutdown(fd);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            shim.close(fd);
        }
    }
}
