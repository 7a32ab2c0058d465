/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.nio.ByteBuffer;

/**
 * The bytes received on one connection, split at the NUL that ends each Varlink message. The
 * buffer is allocated once at the frame limit and never grows: a message that does not end
 * within it is refused, whatever the client keeps sending.
 */
final class FrameBuffer {
    private final ByteBuffer bytes;
    /** Bytes before this index are known to hold no NUL. */
    private int scanned;

    /** @param capacity the frame limit in bytes, the terminating NUL included */
    FrameBuffer(int capacity) {
        bytes = ByteBuffer.allocateDirect(capacity);
    }

    /** Where the next read goes: position at the end of what is held, limit at the capacity. */
    ByteBuffer readTarget() {
        return bytes;
    }

    boolean isEmpty() {
        return bytes.position() == 0;
    }

    /** True when the buffer is full and holds no complete message: the frame is too large. */
    boolean isFullWithoutFrame() {
        return !bytes.hasRemaining() && findNul() < 0;
    }

    /** The next complete message (without its NUL), removed from the buffer; null if none yet. */
    byte[] nextFrame() {
        int end = findNul();
        if (end < 0) {
            return null;
        }
        byte[] frame = new byte[end];
        bytes.get(0, frame);
        int rest = bytes.position() - end - 1;
        bytes.put(0, bytes, end + 1, rest);
        bytes.position(rest);
        scanned = 0;
        return frame;
    }

    private int findNul() {
        int held = bytes.position();
        for (int i = scanned; i < held; i++) {
            if (bytes.get(i) == 0) {
                return i;
            }
        }
        scanned = held;
        return -1;
    }
}
