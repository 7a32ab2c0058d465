/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import org.caps4j.internal.CapMode;
import org.caps4j.internal.ModeTransactions;

/**
 * libcap's capability modes ({@code cap_mode_t}, {@code cap_get_mode(3)},
 * {@code cap_set_mode(3)}; the numbers are libcap's {@code CAP_MODE_*} values, which
 * {@code capsh --print} shows as "Guessed mode: HYBRID (4)"). A mode is a named combination
 * of securebits and capability sets; all but {@link #HYBRID} lock the securebits, so once set
 * they hold for the process and everything it executes, and only {@link #NOPRIV} or a mode
 * with the same securebits can follow.
 *
 * <p>The securebits word libcap uses for the three locked modes is {@code 0xef}: NOROOT,
 * NO_SETUID_FIXUP and NO_CAP_AMBIENT_RAISE with their {@code _LOCKED} bits, and
 * KEEP_CAPS_LOCKED with KEEP_CAPS clear.
 */
public enum Mode {
    /**
     * {@code CAP_MODE_UNCERTAIN} (0): the state matches none of the modes, e.g. some
     * securebits set but not exactly libcap's {@code 0xef}, or ambient capabilities with
     * locked securebits. Only ever reported by {@link #current()}; it cannot be set.
     */
    UNCERTAIN(0),
    /**
     * {@code CAP_MODE_NOPRIV} (1): no capabilities in any set, an empty bounding set, the
     * locked securebits and no_new_privs, so that nothing this process executes (set-id or
     * file-capability programs included) can gain a privilege.
     */
    NOPRIV(1),
    /**
     * {@code CAP_MODE_PURE1E_INIT} (2): the locked securebits (uid 0 is not special, no
     * ambient raise) with an empty inheritable set; the process may still hold permitted
     * capabilities and a bounding set, and executed programs gain only their file capabilities.
     */
    PURE1E_INIT(2),
    /**
     * {@code CAP_MODE_PURE1E} (3): as {@link #PURE1E_INIT} but the inheritable set is kept (and
     * not empty, for {@link #current()} to report it): the POSIX.1e draft's capability model,
     * where programs gain what both their file's and the process's inheritable sets name.
     */
    PURE1E(3),
    /**
     * {@code CAP_MODE_HYBRID} (4): the traditional Linux mix of uid 0 and capabilities, i.e.
     * no securebits set at all. A plain root process is in this mode.
     */
    HYBRID(4);

    private final int libcapValue;

    Mode(int libcapValue) {
        this.libcapValue = libcapValue;
    }

    /**
     * libcap's numeric {@code cap_mode_t} value, as {@code capsh --print} prints it.
     *
     * @return the {@code CAP_MODE_*} number, 0..4
     */
    public int libcapValue() {
        return libcapValue;
    }

    /**
     * The calling thread's mode, classified exactly as libcap 2.66's {@code cap_get_mode()}:
     * securebits 0 is HYBRID (whatever the sets hold); any other word must be exactly
     * {@code 0xef} with an empty ambient set, else UNCERTAIN; then a non-empty inheritable set
     * is PURE1E, any permitted, effective or bounding capability PURE1E_INIT, and nothing at
     * all NOPRIV. no_new_privs is not part of the decision. After {@link #set} every thread
     * is in the same state, so this is the process's mode.
     *
     * @return the calling thread's mode
     * @throws CapabilityException if the kernel state cannot be read
     */
    public static Mode current() {
        return Edge.call(() -> valueOf(ModeTransactions.current().name()));
    }

    /**
     * Puts every thread of the process into {@code mode}, as libcap's {@code cap_set_mode()}
     * does, in one verified transaction (each thread reads its securebits back; /proc is
     * checked for the rest):
     * <ul>
     *   <li>all modes: the effective set is emptied at the end (also for HYBRID: libcap's
     *       documented side effect); CAP_SETPCAP is borrowed into it for the change;</li>
     *   <li>PURE1E: ambient set cleared, securebits set to {@code 0xef}; P and I kept;</li>
     *   <li>PURE1E_INIT: as PURE1E, and the inheritable set emptied;</li>
     *   <li>NOPRIV: as PURE1E_INIT, and the permitted and whole bounding set dropped and
     *       no_new_privs set;</li>
     *   <li>HYBRID: securebits set to 0 (only possible while none is locked).</li>
     * </ul>
     * Unlike libcap, which empties E even when it fails, a request that cannot work is
     * refused before any thread changes. Note that {@link #current()} after {@code
     * set(PURE1E)} reports PURE1E only if the inheritable set is not empty (PURE1E_INIT
     * otherwise), exactly as libcap does.
     *
     * @param mode the mode to set; not {@link #UNCERTAIN}
     * @throws CapabilityPermissionException without CAP_SETPCAP in the permitted set, or if a
     *     locked securebit would have to change (e.g. HYBRID after a locked mode)
     * @throws IllegalArgumentException for {@link #UNCERTAIN}
     * @throws CapabilityException if any thread failed or ends in another state
     */
    public static void set(Mode mode) {
        Edge.run(() -> ModeTransactions.set(CapMode.valueOf(mode.name())));
    }
}
