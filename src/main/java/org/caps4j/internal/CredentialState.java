/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Everything the kernel keeps per thread that caps4j changes: E, P and I, the bounding and
 * ambient sets, the securebits word (keep-caps is its bit 4), no_new_privs, the real, effective
 * and saved uids and gids, and the supplementary groups (sorted). The one description of a
 * thread's state that the planner, the native executor and the verifier share.
 */
public record CredentialState(long effective, long permitted, long inheritable, long bounding,
        long ambient, int securebits, boolean noNewPrivs, Ids uids, Ids gids,
        List<Integer> groups) {
    /** SECBIT_KEEP_CAPS, the bit PR_SET_KEEPCAPS sets. */
    public static final int KEEP_CAPS = 1 << 4;

    /** Real, effective and saved id (unsigned 32-bit values held in ints). */
    public record Ids(int real, int effective, int saved) {
        public static Ids all(int id) {
            return new Ids(id, id, id);
        }

        boolean anyRoot() {
            return real == 0 || effective == 0 || saved == 0;
        }

        @Override
        public String toString() {
            return Integer.toUnsignedString(real) + "/" + Integer.toUnsignedString(effective)
                    + "/" + Integer.toUnsignedString(saved);
        }
    }

    public CredentialState {
        groups = List.copyOf(groups);
    }

    /** The calling thread's whole state, from one call into the shim. */
    public static CredentialState ofCallingThread() {
        return Natives.shim().readState();
    }

    /** {@code gids} sorted, as the kernel keeps them. */
    public static List<Integer> sortedGroups(int[] gids) {
        int[] sorted = gids.clone();
        Arrays.sort(sorted);
        return Arrays.stream(sorted).boxed().toList();
    }

    public boolean keepCaps() {
        return (securebits & KEEP_CAPS) != 0;
    }

    public CredentialState withCaps(long e, long p, long i) {
        return new CredentialState(e, p, i, bounding, ambient, securebits, noNewPrivs, uids,
                gids, groups);
    }

    public CredentialState withBounding(long b) {
        return new CredentialState(effective, permitted, inheritable, b, ambient, securebits,
                noNewPrivs, uids, gids, groups);
    }

    public CredentialState withAmbient(long a) {
        return new CredentialState(effective, permitted, inheritable, bounding, a, securebits,
                noNewPrivs, uids, gids, groups);
    }

    public CredentialState withSecurebits(int bits) {
        return new CredentialState(effective, permitted, inheritable, bounding, ambient, bits,
                noNewPrivs, uids, gids, groups);
    }

    public CredentialState withNoNewPrivs(boolean on) {
        return new CredentialState(effective, permitted, inheritable, bounding, ambient,
                securebits, on, uids, gids, groups);
    }

    public CredentialState withIds(Ids u, Ids g, List<Integer> sortedGroups) {
        return new CredentialState(effective, permitted, inheritable, bounding, ambient,
                securebits, noNewPrivs, u, g, sortedGroups);
    }

    /** The {@link Fields} in which this state differs from {@code other}. */
    public int differingFields(CredentialState other) {
        int fields = 0;
        if (effective != other.effective || permitted != other.permitted
                || inheritable != other.inheritable) {
            fields |= Fields.CAPS;
        }
        fields |= bounding != other.bounding ? Fields.BOUNDING : 0;
        fields |= ambient != other.ambient ? Fields.AMBIENT : 0;
        fields |= securebits != other.securebits ? Fields.SECUREBITS : 0;
        fields |= noNewPrivs != other.noNewPrivs ? Fields.NO_NEW_PRIVS : 0;
        fields |= !uids.equals(other.uids) ? Fields.UIDS : 0;
        fields |= !gids.equals(other.gids) ? Fields.GIDS : 0;
        fields |= !groups.equals(other.groups) ? Fields.GROUPS : 0;
        return fields;
    }

    /**
     * The given fields in which this (actual) state differs from {@code expected}, as text:
     * {@code CapEff 0x0 (expected 0x400), Uid 0/0/0 (expected 65534/65534/65534)}.
     */
    public String differences(CredentialState expected, int fields) {
        return differences(expected, fields, "expected");
    }

    /** As {@link #differences(CredentialState, int)}, with {@code word} for "expected". */
    public String differences(CredentialState expected, int fields, String word) {
        StringBuilder out = new StringBuilder();
        if ((fields & Fields.CAPS) != 0) {
            mask(out, "CapEff", effective, expected.effective, word);
            mask(out, "CapPrm", permitted, expected.permitted, word);
            mask(out, "CapInh", inheritable, expected.inheritable, word);
        }
        if ((fields & Fields.BOUNDING) != 0) {
            mask(out, "CapBnd", bounding, expected.bounding, word);
        }
        if ((fields & Fields.AMBIENT) != 0) {
            mask(out, "CapAmb", ambient, expected.ambient, word);
        }
        if ((fields & Fields.SECUREBITS) != 0 && securebits != expected.securebits) {
            item(out, "securebits 0x" + Integer.toHexString(securebits) + " (" + word + " 0x"
                    + Integer.toHexString(expected.securebits) + ")");
        }
        if ((fields & Fields.NO_NEW_PRIVS) != 0 && noNewPrivs != expected.noNewPrivs) {
            item(out, "NoNewPrivs " + (noNewPrivs ? 1 : 0) + " (" + word + " "
                    + (expected.noNewPrivs ? 1 : 0) + ")");
        }
        if ((fields & Fields.UIDS) != 0 && !uids.equals(expected.uids)) {
            item(out, "Uid " + uids + " (" + word + " " + expected.uids + ")");
        }
        if ((fields & Fields.GIDS) != 0 && !gids.equals(expected.gids)) {
            item(out, "Gid " + gids + " (" + word + " " + expected.gids + ")");
        }
        if ((fields & Fields.GROUPS) != 0 && !groups.equals(expected.groups)) {
            item(out, "Groups " + groups + " (" + word + " " + expected.groups + ")");
        }
        return out.toString();
    }

    private static void mask(StringBuilder out, String name, long actual, long expected,
            String word) {
        if (actual != expected) {
            item(out, name + " 0x" + Long.toHexString(actual) + " (" + word + " 0x"
                    + Long.toHexString(expected) + ")");
        }
    }

    private static void item(StringBuilder out, String text) {
        out.append(out.isEmpty() ? "" : ", ").append(text);
    }
}
