/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import org.caps4j.Ambient;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Identity;
import org.caps4j.TaskCredentials;
import org.caps4j.ThreadCensus;

/**
 * Puts the whole process into the helper's resting state: the service user, the union of the
 * operations' capabilities permitted, nothing effective, inheritable or ambient — on every
 * thread, by caps4j's verified transactions, then checked once more by a census.
 */
public final class ServiceCredentials {
    private ServiceCredentials() {}

    /**
     * Enters the resting state.
     *
     * <p>Started as root: {@link Identity#change} to {@code uid}/{@code gid}/{@code groups}
     * keeping {@code permitted} (E = P = permitted, I = A = {}), then E := {}. Started as the
     * service user (systemd's {@code User=} with {@code AmbientCapabilities=}): the ambient set
     * is cleared and E/P/I set to {}/{@code permitted}/{} — this fails if a capability of
     * {@code permitted} is missing, and drops any extra the unit granted.
     *
     * @param uid the service user
     * @param gid its group
     * @param groups its supplementary groups (used only when started as root)
     * @param permitted the union of the operations' capabilities
     * @throws IllegalStateException if started as another non-root user, or if the census
     *     finds a thread in another state
     */
    public static void enter(int uid, int gid, int[] groups, CapabilitySet permitted) {
        long euid = ThreadCensus.take().majority().uids().effective();
        if (euid == 0 && uid != 0) {
            Identity.change(uid, gid, groups, permitted);
        } else if (euid != Integer.toUnsignedLong(uid)) {
            throw new IllegalStateException("the helper runs as uid " + euid + ", not as root "
                    + "nor as the service user " + Integer.toUnsignedString(uid));
        } else {
            Ambient.clear();
        }
        Caps.of(CapabilitySet.empty(), permitted, CapabilitySet.empty()).apply();
        verify(uid, permitted);
    }

    private static void verify(int uid, CapabilitySet permitted) {
        ThreadCensus census = ThreadCensus.take();
        for (TaskCredentials task : census.tasks()) {
            boolean resting = task.caps().effective().isEmpty()
                    && task.caps().permitted().equals(permitted)
                    && task.caps().inheritable().isEmpty() && task.ambient().isEmpty()
                    && task.uids().effective() == Integer.toUnsignedLong(uid);
            if (!resting) {
                throw new IllegalStateException("thread " + task.tid() + " (" + task.name()
                        + ") is not in the helper's resting state: " + task);
            }
        }
    }
}
