/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The pipes between the JVM and a spawned child's standard descriptors. Java cannot wrap a raw
 * descriptor number in a stream without reaching into {@code java.io.FileDescriptor}, so each
 * pipe is made by the shim and the JVM's end is opened a second time as
 * {@code /proc/self/fd/N}: while both ends are still open, so that open never waits for a peer
 * (a pipe opened through /proc behaves like a FIFO). After the spawn both raw descriptors are
 * closed; the streams hold the JVM's end, the child holds its own.
 */
final class StdioPipes implements AutoCloseable {
    private final int[] childEnds = {-1, -1, -1};
    private final int[] jvmEnds = {-1, -1, -1};
    private OutputStream input = ChildPipeOutputStream.CLOSED;
    private InputStream output = InputStream.nullInputStream();
    private InputStream error = InputStream.nullInputStream();

    /** Opens a pipe for every piped slot of {@code request}. */
    static StdioPipes open(SpawnRequest request, NativeShim shim) throws IOException {
        StdioPipes pipes = new StdioPipes();
        try {
            for (int slot = 0; slot < 3; slot++) {
                if (request.piped(slot)) {
                    pipes.open(slot, shim);
                }
            }
            return pipes;
        } catch (IOException | RuntimeException e) {
            pipes.closeStreams();
            pipes.close();
            throw e;
        }
    }

    private void open(int slot, NativeShim shim) throws IOException {
        int[] fds = new int[2];
        int rc = shim.pipe(fds);
        if (rc < 0) {
            throw new IOException("pipe2 failed: " + Errno.describe(-rc));
        }
        boolean toChild = slot == 0; // the child reads its stdin, writes stdout and stderr
        childEnds[slot] = toChild ? fds[0] : fds[1];
        jvmEnds[slot] = toChild ? fds[1] : fds[0];
        String jvmEnd = "/proc/self/fd/" + jvmEnds[slot];
        switch (slot) {
            case 0 -> input = new ChildPipeOutputStream(new FileOutputStream(jvmEnd));
            case 1 -> output = new ChildPipeInputStream(new FileInputStream(jvmEnd));
            default -> error = new ChildPipeInputStream(new FileInputStream(jvmEnd));
        }
    }

    /** The descriptors caps4j_spawn gives the child for FD slots (-1 elsewhere). */
    int[] childEnds() {
        return childEnds.clone();
    }

    OutputStream input() {
        return input;
    }

    InputStream output() {
        return output;
    }

    InputStream error() {
        return error;
    }

    /** Once the child was reaped: pipes keep what was unread in memory and close. */
    void childExited() {
        if (input instanceof ChildPipeOutputStream pipe) {
            pipe.childExited();
        }
        for (InputStream stream : new InputStream[] {output, error}) {
            if (stream instanceof ChildPipeInputStream pipe) {
                pipe.childExited();
            }
        }
    }

    /** After a failed spawn: the streams too. */
    void closeStreams() {
        for (AutoCloseable stream : new AutoCloseable[] {input, output, error}) {
            try {
                stream.close();
            } catch (Exception ignored) {
                // nothing was written or read; the descriptor is released either way
            }
        }
    }

    /** Closes the raw descriptors of every pipe (the streams keep their own). */
    @Override
    public void close() {
        NativeShim shim = Natives.shim();
        for (int[] ends : new int[][] {childEnds, jvmEnds}) {
            for (int fd : ends) {
                if (fd >= 0) {
                    shim.close(fd);
                }
            }
            Arrays.fill(ends, -1);
        }
    }
}
