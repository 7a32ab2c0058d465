/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The kernel's PR_SET_SECUREBITS lock rules as caps4j checks them before a broadcast
 * ({@link PlanChecks#locks}), and through the planner, which refuses before planning.
 */
class SecurebitRulesTest {
    private static final int NOROOT = 1, NOROOT_LOCKED = 2, KEEP_CAPS = 16,
            KEEP_CAPS_LOCKED = 32;

    @Test
    void unlockedFlagsChangeFreelyAndLockingIsAllowed() {
        assertDoesNotThrow(() -> PlanChecks.locks("t", 0, NOROOT | KEEP_CAPS));
        assertDoesNotThrow(() -> PlanChecks.locks("t", NOROOT, NOROOT | NOROOT_LOCKED));
        assertDoesNotThrow(() -> PlanChecks.locks("t", NOROOT | NOROOT_LOCKED,
                NOROOT | NOROOT_LOCKED | KEEP_CAPS), "other flags still change");
    }

    @Test
    void aLockedFlagOrALockBitCannotChange() {
        KernelFailure flag = assertThrows(KernelFailure.class,
                () -> PlanChecks.locks("t", NOROOT | NOROOT_LOCKED, NOROOT_LOCKED));
        assertEquals(1, flag.errno());
        assertTrue(flag.getMessage().contains("NOROOT") && flag.getMessage().contains("no "
                + "thread was changed"), flag.getMessage());
        assertThrows(KernelFailure.class,
                () -> PlanChecks.locks("t", NOROOT_LOCKED, NOROOT),
                "a flag locked off cannot be set, nor its lock cleared");
        assertThrows(KernelFailure.class,
                () -> PlanChecks.locks("t", NOROOT | NOROOT_LOCKED, NOROOT));
        assertThrows(KernelFailure.class,
                () -> PlanChecks.locks("t", KEEP_CAPS_LOCKED, KEEP_CAPS_LOCKED | KEEP_CAPS),
                "keep-caps locked off stays off");
    }

    @Test
    void bitsWithoutANameAreNeverChanged() {
        assertThrows(IllegalArgumentException.class, () -> PlanChecks.locks("t", 0, 1 << 8));
        assertThrows(IllegalArgumentException.class, () -> PlanChecks.locks("t", 1 << 9, 0));
        assertDoesNotThrow(() -> PlanChecks.locks("t", 1 << 9, (1 << 9) | NOROOT),
                "an unnamed bit already set is kept");
    }

    @Test
    void thePlannerAppliesTheRulesBeforeAnyOp() {
        CredentialState locked = States.root().withSecurebits(NOROOT | NOROOT_LOCKED);
        assertThrows(KernelFailure.class, () -> Planner.plan("t", locked,
                locked.withSecurebits(NOROOT_LOCKED), new Scope(Fields.SECUREBITS, 0, 0)));
        CredentialState keepLocked = States.root().withSecurebits(KEEP_CAPS_LOCKED);
        assertThrows(KernelFailure.class, () -> Planner.plan("t", keepLocked,
                keepLocked.withSecurebits(KEEP_CAPS_LOCKED | KEEP_CAPS),
                new Scope(Fields.SECUREBITS, 0, 0)));
    }
}
