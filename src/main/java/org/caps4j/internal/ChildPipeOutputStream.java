/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A child's stdin pipe. When the child has exited the pipe is closed without flushing (no one
 * can read it any more) and later writes fail with "Stream closed", as the JDK's own do.
 */
final class ChildPipeOutputStream extends BufferedOutputStream {
    /** What a stdin that is not (or no longer) a pipe is: writes fail as the JDK's do. */
    static final OutputStream CLOSED = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("Stream closed");
        }
    };

    ChildPipeOutputStream(OutputStream pipe) {
        super(pipe, 8192);
    }

    /** Called once the child was reaped. BufferedOutputStream's methods lock on this too. */
    synchronized void childExited() {
        try {
            out.close();
        } catch (IOException ignored) {
            // closing a pipe whose reader is gone cannot fail in a way that matters here
        }
        out = CLOSED;
    }
}
