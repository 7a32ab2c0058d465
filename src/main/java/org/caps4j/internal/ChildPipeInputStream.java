/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A child's stdout or stderr pipe. When the child has exited, what it wrote and nobody read yet
 * is moved into memory and the pipe is closed, as the JDK's own process streams do: a program
 * that never closes the streams of its children does not keep three descriptors per child
 * until the garbage collector runs.
 */
final class ChildPipeInputStream extends BufferedInputStream {
    ChildPipeInputStream(InputStream pipe) {
        super(pipe, 8192);
    }

    /** Called once the child was reaped. BufferedInputStream's methods lock on this too. */
    synchronized void childExited() {
        InputStream pipe = in;
        if (pipe == null) {
            return; // closed by its user
        }
        try {
            byte[] rest = pipe.readNBytes(pipe.available());
            pipe.close();
            in = rest.length == 0 ? InputStream.nullInputStream()
                    : new ByteArrayInputStream(rest);
        } catch (IOException e) {
            // the pipe failed; reads report it from the stream as it is
        }
    }
}
