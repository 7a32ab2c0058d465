/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import org.caps4j.internal.CredentialTransactions;
import org.caps4j.internal.PasswdFiles;

/**
 * Changes the user and group ids of every thread of the process while keeping chosen
 * capabilities: the "bind :80 as root, then become a service user" step.
 *
 * <p>Linux keeps uids, gids and groups per thread; the kernel's setresuid(2) changes only the
 * calling thread (glibc broadcasts its wrapper, but then the capabilities are lost or kept
 * differently on each thread). caps4j runs one op list on every thread in a single verified
 * broadcast: keep-caps on, setgroups, setresgid, setresuid, keep-caps off, capset with
 * E = P = keep and I = {} (raw system calls). Leaving uid 0 clears the ambient set (the kernel
 * does so) and emptying I clears whatever remained, so afterwards the ambient set is empty and
 * keep-caps is off on every thread. Programs started later get only what their file
 * capabilities grant.
 */
public final class Identity {
    private Identity() {}

    /**
     * Sets all four uids (real, effective, saved, filesystem) to {@code uid}, all four gids to
     * {@code gid} and the supplementary groups to exactly {@code groups} on every thread, and
     * the capabilities to E = P = {@code keep}, I = A = {}. Ids are unsigned 32-bit values
     * carried in an {@code int}; -1 (4294967295, "unchanged" for the kernel) is refused.
     *
     * <p>Checked before anything changes: CAP_SETUID and CAP_SETGID must be permitted (they are
     * made effective for the change if they are not), {@code keep} must be permitted, at most
     * 64 groups, and SECBIT_KEEP_CAPS_LOCKED must not be set. Verified after: a census of
     * /proc/self/task shows every task with those ids, groups and capabilities.
     *
     * @param uid the user id for all four uids
     * @param gid the group id for all four gids
     * @param groups the supplementary group ids, exactly; may be empty
     * @param keep the capabilities to keep effective and permitted
     * @throws CapabilityPermissionException if a capability is missing (nothing changed)
     * @throws IllegalArgumentException for -1 ids or more than 64 groups
     * @throws CapabilityException if any thread failed or ends in another state
     */
    public static void change(int uid, int gid, int[] groups, CapabilitySet keep) {
        Edge.run(() -> CredentialTransactions.changeIdentity("change identity to uid " + Integer
                .toUnsignedString(uid) + " gid " + Integer.toUnsignedString(gid), uid, gid,
                groups.clone(), keep.mask()));
    }

    /**
     * As {@link #change(int, int, int[], CapabilitySet)} for {@code user} as found in
     * {@code /etc/passwd}: its uid and primary gid, and as supplementary groups its primary
     * group plus every group of {@code /etc/group} that lists it (as initgroups(3) does). Only
     * those two files are read: users from LDAP, sssd or other NSS sources are not found.
     *
     * @param user the user name, as in {@code /etc/passwd}
     * @param keep the capabilities to keep effective and permitted
     * @throws IllegalArgumentException if {@code user} is not in /etc/passwd
     */
    public static void change(String user, CapabilitySet keep) {
        PasswdFiles.Account account = PasswdFiles.lookup(user).orElseThrow(() ->
                new IllegalArgumentException("no user '" + user + "' in /etc/passwd (caps4j "
                        + "reads /etc/passwd and /etc/group only, not NSS sources such as "
                        + "LDAP); pass numeric ids to change(uid, gid, groups, keep)"));
        Edge.run(() -> CredentialTransactions.changeIdentity("change identity to " + user + " (uid "
                + Integer.toUnsignedString(account.uid()) + ")", account.uid(), account.gid(),
                account.groups(), keep.mask()));
    }
}
