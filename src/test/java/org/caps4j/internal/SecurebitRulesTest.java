package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.caps4j.CapabilityPermissionException;
import org.junit.jupiter.api.Test;

/** The kernel's PR_SET_SECUREBITS lock rules as caps4j checks them before a broadcast. */
class SecurebitRulesTest {
    private static final int NOROOT = 1, NOROOT_LOCKED = 2, KEEP_CAPS = 16;

    @Test
    void unlockedFlagsChangeFreelyAndLockingIsAllowed() {
        assertDoesNotThrow(() -> CredentialTransactions.checkLocks("t", 0, NOROOT | KEEP_CAPS));
        assertDoesNotThrow(() -> CredentialTransactions.checkLocks("t", NOROOT,
                NOROOT | NOROOT_LOCKED));
        assertDoesNotThrow(() -> CredentialTransactions.checkLocks("t", NOROOT | NOROOT_LOCKED,
                NOROOT | NOROOT_LOCKED | KEEP_CAPS), "other flags still change");
    }

    @Test
    void aLockedFlagOrALockBitCannotChange() {
        CapabilityPermissionException flag = assertThrows(CapabilityPermissionException.class,
                () -> CredentialTransactions.checkLocks("t", NOROOT | NOROOT_LOCKED,
                        NOROOT_LOCKED));
        assertEquals(1, flag.errno());
        assertThrows(CapabilityPermissionException.class,
                () -> CredentialTransactions.checkLocks("t", NOROOT_LOCKED, NOROOT),
                "a flag locked off cannot be set, nor its lock cleared");
        assertThrows(CapabilityPermissionException.class,
                () -> CredentialTransactions.checkLocks("t", NOROOT | NOROOT_LOCKED, NOROOT));
    }

    @Test
    void bitsWithoutANameAreNeverChanged() {
        assertThrows(IllegalArgumentException.class,
                () -> CredentialTransactions.checkLocks("t", 0, 1 << 8));
        assertThrows(IllegalArgumentException.class,
                () -> CredentialTransactions.checkLocks("t", 1 << 9, 0));
        assertDoesNotThrow(() -> CredentialTransactions.checkLocks("t", 1 << 9,
                (1 << 9) | NOROOT), "an unnamed bit already set is kept");
    }
}
