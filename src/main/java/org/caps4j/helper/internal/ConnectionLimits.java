/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * How many connections are open, in total and per client uid (the uid the kernel reported at
 * connect time). A uid at its cap cannot take the slots other users need: its next connection
 * is refused at once, without a thread or a buffer.
 */
final class ConnectionLimits {
    private final int maxTotal;
    private final int maxPerUid;
    private final Map<Integer, Integer> perUid = new HashMap<>();
    private int total;

    ConnectionLimits(int maxTotal, int maxPerUid) {
        this.maxTotal = maxTotal;
        this.maxPerUid = maxPerUid;
    }

    /** Counts a new connection of {@code uid} if both caps allow it. */
    synchronized boolean tryAdmit(int uid) {
        int held = perUid.getOrDefault(uid, 0);
        if (total >= maxTotal || held >= maxPerUid) {
            return false;
        }
        perUid.put(uid, held + 1);
        total++;
        return true;
    }

    /** Uncounts a connection {@link #tryAdmit} admitted. */
    synchronized void release(int uid) {
        int held = perUid.getOrDefault(uid, 0);
        if (held <= 1) {
            perUid.remove(uid);
        } else {
            perUid.put(uid, held - 1);
        }
        total--;
    }

    synchronized int total() {
        return total;
    }
}
