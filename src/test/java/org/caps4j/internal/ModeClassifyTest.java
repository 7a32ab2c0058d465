/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.caps4j.internal.States.ALL;
import static org.caps4j.internal.States.caps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * libcap 2.66 cap_get_mode's decision table, and the end state of cap_set_mode, as pure
 * functions (the privileged ModeTest checks them against libcap itself and the kernel), and
 * the one op list the planner makes for the strictest mode.
 */
class ModeClassifyTest {
    private static final long NBS = 1L << 10;
    private static final CredentialState ROOT = States.root();
    private static final CredentialState NOTHING = caps(0, 0, 0, 0, 0);

    @Test
    void securebitsZeroIsHybridWhateverTheSetsHold() {
        assertEquals(CapMode.HYBRID, ModeTransactions.classify(0, ROOT));
        assertEquals(CapMode.HYBRID, ModeTransactions.classify(0, NOTHING));
        assertEquals(CapMode.HYBRID, ModeTransactions.classify(0, ROOT.withAmbient(NBS)));
    }

    @Test
    void anyWordButExactly0xefIsUncertain() {
        for (int bits : List.of(0x10, 0x0f, 0x2f, 0x3f, 0x6f, 0xff, 0x1ef, 0xcf)) {
            assertEquals(CapMode.UNCERTAIN, ModeTransactions.classify(bits, NOTHING),
                    Integer.toHexString(bits));
        }
        assertEquals(CapMode.UNCERTAIN, ModeTransactions.classify(0xef,
                ROOT.withCaps(0, NBS, NBS).withAmbient(NBS)));
    }

    @Test
    void lockedWordThenInheritableThenAnyOtherCapabilityThenNothing() {
        assertEquals(CapMode.PURE1E, ModeTransactions.classify(0xef, NOTHING.withCaps(0, 0, NBS)));
        assertEquals(CapMode.PURE1E, ModeTransactions.classify(0xef, ROOT.withCaps(0, ALL, NBS)));
        assertEquals(CapMode.PURE1E_INIT, ModeTransactions.classify(0xef, ROOT));
        assertEquals(CapMode.PURE1E_INIT, ModeTransactions.classify(0xef,
                NOTHING.withCaps(NBS, 0, 0)));
        assertEquals(CapMode.PURE1E_INIT, ModeTransactions.classify(0xef, NOTHING.withBounding(1)));
        assertEquals(CapMode.NOPRIV, ModeTransactions.classify(0xef, NOTHING));
    }

    @Test
    void noNewPrivsAndIdsDoNotTakePartInTheClassification() {
        CredentialState nobody = NOTHING.withNoNewPrivs(true).withIds(
                CredentialState.Ids.all(65534), CredentialState.Ids.all(65534), List.of(7));
        assertEquals(CapMode.NOPRIV, ModeTransactions.classify(0xef, nobody));
    }

    @Test
    void setEmptiesEffectiveAlwaysAndMoreTheStricterTheMode() {
        CredentialState now = caps(ALL, ALL, NBS, ALL, NBS);
        assertEquals(now.withCaps(0, ALL, NBS), ModeTransactions.target(CapMode.HYBRID, now));
        assertEquals(caps(0, ALL, NBS, ALL, 0).withSecurebits(0xef),
                ModeTransactions.target(CapMode.PURE1E, now));
        assertEquals(caps(0, ALL, 0, ALL, 0).withSecurebits(0xef),
                ModeTransactions.target(CapMode.PURE1E_INIT, now));
        assertEquals(NOTHING.withSecurebits(0xef).withNoNewPrivs(true),
                ModeTransactions.target(CapMode.NOPRIV, now));
        assertEquals(ROOT.withCaps(0, ALL, 0),
                ModeTransactions.target(CapMode.HYBRID, ROOT.withSecurebits(0x10)),
                "HYBRID clears the securebits, keep-caps included");
        assertThrows(IllegalArgumentException.class,
                () -> ModeTransactions.target(CapMode.UNCERTAIN, now));
        for (CapMode mode : List.of(CapMode.HYBRID, CapMode.PURE1E, CapMode.PURE1E_INIT, CapMode.NOPRIV)) {
            CredentialState target = ModeTransactions.target(mode, now);
            assertEquals(mode, ModeTransactions.classify(target.securebits(), target),
                    "cap_get_mode of what cap_set_mode(" + mode + ") leaves");
        }
    }

    /**
     * NOPRIV is one list: CAP_SETPCAP borrowed, I emptied first (which empties A with it, so
     * no ambient op is needed), the bounding drops, the securebits, no_new_privs, and the
     * capset to nothing last.
     */
    @Test
    void noprivIsOneListBorrowingSetpcapAndDroppingItLast() {
        CredentialState now = caps(0, ALL, NBS, ALL, NBS);
        CredentialState target = ModeTransactions.target(CapMode.NOPRIV, now);
        Planner.Plan plan = Planner.plan("CapMode.set(NOPRIV)", now, target,
                new Scope(Fields.ALL, 0, 0));
        assertEquals(List.of(
                new OpList.Op(OpList.Kind.CAPSET, Planner.SETPCAP, ALL, NBS),
                new OpList.Op(OpList.Kind.CAPSET, Planner.SETPCAP, ALL, 0),
                new OpList.Op(OpList.Kind.BOUNDING_DROP, ALL, 0, 0),
                new OpList.Op(OpList.Kind.SECUREBITS, 0xef, 0, 0),
                new OpList.Op(OpList.Kind.NO_NEW_PRIVS, 1, 0, 0),
                new OpList.Op(OpList.Kind.CAPSET, 0, 0, 0)), plan.ops().ops());
        assertEquals(target, KernelModel.run(now, plan.transaction()));
    }

    @Test
    void everyModeFromEveryStartIsPlannedAndRunsOnTheKernelModel() {
        List<CredentialState> starts = List.of(ROOT, caps(0, ALL, NBS, ALL, NBS),
                caps(NBS, ALL, NBS, ALL & ~NBS, 0), ROOT.withSecurebits(0x10));
        for (CredentialState now : starts) {
            for (CapMode mode : List.of(CapMode.HYBRID, CapMode.PURE1E, CapMode.PURE1E_INIT, CapMode.NOPRIV)) {
                CredentialState target = ModeTransactions.target(mode, now);
                Planner.Plan plan = Planner.plan("CapMode.set", now, target,
                        new Scope(Fields.ALL, 0, 0));
                assertEquals(target, KernelModel.run(now, plan.transaction()),
                        mode + " from " + now + ": " + plan.ops());
            }
        }
    }
}
