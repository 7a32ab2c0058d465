/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/**
 * The credential lines of one task's {@code /proc/.../status}, as {@link ProcStatus} parsed
 * them: masks and unsigned ids. The public {@code TaskCredentials} is built from this at the
 * API's edge.
 */
public record TaskStatus(int tid, String name, long effective, long permitted,
        long inheritable, long bounding, long ambient, boolean noNewPrivs, IdQuad uids,
        IdQuad gids) {
    /** Real, effective, saved and filesystem id, unsigned 32-bit values. */
    public record IdQuad(long real, long effective, long saved, long filesystem) {}

    /** {@code tid 42 "main": CapInh 0000000000000000, ..., Uid 0 0 0 0, Gid 0 0 0 0}. */
    @Override
    public String toString() {
        return "tid " + tid + " \"" + name + "\": CapInh " + hex(inheritable) + ", CapPrm "
                + hex(permitted) + ", CapEff " + hex(effective) + ", CapBnd " + hex(bounding)
                + ", CapAmb " + hex(ambient) + ", NoNewPrivs " + (noNewPrivs ? 1 : 0) + ", Uid "
                + ids(uids) + ", Gid " + ids(gids);
    }

    private static String hex(long mask) {
        return String.format("%016x", mask);
    }

    private static String ids(IdQuad ids) {
        return ids.real() + " " + ids.effective() + " " + ids.saved() + " " + ids.filesystem();
    }

    /** Same credentials: every field except {@code tid} and {@code name}. */
    public boolean sameCredentialsAs(TaskStatus other) {
        return effective == other.effective && permitted == other.permitted
                && inheritable == other.inheritable && bounding == other.bounding
                && ambient == other.ambient && noNewPrivs == other.noNewPrivs
                && uids.equals(other.uids) && gids.equals(other.gids);
    }
}
