/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;


/**
 * libcap's capability modes ({@code cap_get_mode}/{@code cap_set_mode} in libcap 2.66
 * {@code cap_proc.c}): the classification of a thread's state, and the process-wide
 * transaction that puts every thread into a mode.
 */
public final class ModeTransactions {
    /**
     * libcap's CAP_SECURED_BITS_BASIC: NOROOT, NOROOT_LOCKED, NO_SETUID_FIXUP,
     * NO_SETUID_FIXUP_LOCKED and KEEP_CAPS_LOCKED (KEEP_CAPS itself stays clear).
     */
    public static final int SECURED_BASIC = 0x2f;
    /** libcap's CAP_SECURED_BITS_AMBIENT: BASIC plus NO_CAP_AMBIENT_RAISE and its lock. */
    public static final int SECURED_AMBIENT = 0xef;

    private ModeTransactions() {}

    /** The calling thread's mode, as libcap's cap_get_mode computes it. */
    public static CapMode current() {
        CredentialState now = CredentialState.ofCallingThread();
        return classify(now.securebits(), now);
    }

    /**
     * cap_get_mode's decision, in its order: securebits 0 is HYBRID whatever the sets hold;
     * otherwise the basic secured bits must all be set, the ambient set must be empty and the
     * word must be exactly {@link #SECURED_AMBIENT} (any other bit, KEEP_CAPS included, makes
     * it UNCERTAIN); then a non-empty I is PURE1E, a non-empty E or P or bounding set is
     * PURE1E_INIT, and nothing at all is NOPRIV. no_new_privs is not looked at.
     */
    public static CapMode classify(int securebits, CredentialState state) {
        if (securebits == 0) {
            return CapMode.HYBRID;
        }
        if ((securebits & SECURED_BASIC) != SECURED_BASIC || state.ambient() != 0
                || securebits != SECURED_AMBIENT) {
            return CapMode.UNCERTAIN;
        }
        if (state.inheritable() != 0) {
            return CapMode.PURE1E;
        }
        if (state.permitted() != 0 || state.effective() != 0 || state.bounding() != 0) {
            return CapMode.PURE1E_INIT;
        }
        return CapMode.NOPRIV;
    }

    /**
     * The end state cap_set_mode produces from {@code now}: E is always emptied (also for
     * HYBRID); PURE1E keeps P and I; PURE1E_INIT also empties I; NOPRIV also empties P and the
     * bounding set and sets no_new_privs. All but HYBRID empty the ambient set and set the
     * securebits to {@link #SECURED_AMBIENT}; HYBRID sets them to 0.
     */
    public static CredentialState target(CapMode mode, CredentialState now) {
        return switch (mode) {
            case HYBRID -> now.withCaps(0, now.permitted(), now.inheritable()).withSecurebits(0);
            case PURE1E -> now.withCaps(0, now.permitted(), now.inheritable()).withAmbient(0)
                    .withSecurebits(SECURED_AMBIENT);
            case PURE1E_INIT -> now.withCaps(0, now.permitted(), 0).withAmbient(0)
                    .withSecurebits(SECURED_AMBIENT);
            case NOPRIV -> now.withCaps(0, 0, 0).withBounding(0).withAmbient(0)
                    .withSecurebits(SECURED_AMBIENT).withNoNewPrivs(true);
            case UNCERTAIN -> throw new IllegalArgumentException("Mode.UNCERTAIN is what "
                    + "Mode.current() reports for a state that matches no mode; it cannot be "
                    + "set (libcap's cap_set_mode fails with EINVAL)");
        };
    }

    /**
     * cap_set_mode as one verified broadcast. Refused before anything changes (unlike libcap,
     * which empties E even when it fails) without CAP_SETPCAP in P, for UNCERTAIN, and when a
     * locked securebit would have to change.
     */
    public static void set(CapMode mode) {
        String operation = "Mode.set(" + mode + ")";
        Scope scope = new Scope(Fields.CAPS | Fields.AMBIENT | Fields.BOUNDING
                | Fields.SECUREBITS | Fields.NO_NEW_PRIVS, 0, 0);
        Engine.apply(operation, scope, now -> {
            CredentialState target = target(mode, now);
            if ((now.permitted() & Planner.SETPCAP) == 0) {
                throw Failures.failure(operation, Errno.EPERM, "to set the securebits of "
                        + "mode " + mode + ": cap_setpcap is not in the permitted set",
                        Hints.grant(Planner.SETPCAP) + "; no thread was changed");
            }
            return target;
        });
    }
}
