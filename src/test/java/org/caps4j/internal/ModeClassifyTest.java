package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.caps4j.Mode;
import org.junit.jupiter.api.Test;

/**
 * libcap 2.66 cap_get_mode's decision table, and the end state of cap_set_mode, as pure
 * functions (the privileged ModeTest checks them against libcap itself and the kernel).
 */
class ModeClassifyTest {
    private static final long ALL = (1L << 41) - 1, NBS = 1L << 10;
    private static final KernelState ROOT = new KernelState(ALL, ALL, 0, ALL, 0);
    private static final KernelState NOTHING = new KernelState(0, 0, 0, 0, 0);

    @Test
    void securebitsZeroIsHybridWhateverTheSetsHold() {
        assertEquals(Mode.HYBRID, ModeTransactions.classify(0, ROOT));
        assertEquals(Mode.HYBRID, ModeTransactions.classify(0, NOTHING));
        assertEquals(Mode.HYBRID, ModeTransactions.classify(0, ROOT.withAmbient(NBS)));
    }

    @Test
    void anyWordButExactly0xefIsUncertain() {
        for (int bits : List.of(0x10, 0x0f, 0x2f, 0x3f, 0x6f, 0xff, 0x1ef, 0xcf)) {
            assertEquals(Mode.UNCERTAIN, ModeTransactions.classify(bits, NOTHING),
                    Integer.toHexString(bits));
        }
        assertEquals(Mode.UNCERTAIN, ModeTransactions.classify(0xef,
                ROOT.withCaps(0, NBS, NBS).withAmbient(NBS)));
    }

    @Test
    void lockedWordThenInheritableThenAnyOtherCapabilityThenNothing() {
        assertEquals(Mode.PURE1E, ModeTransactions.classify(0xef, NOTHING.withCaps(0, 0, NBS)));
        assertEquals(Mode.PURE1E, ModeTransactions.classify(0xef, ROOT.withCaps(0, ALL, NBS)));
        assertEquals(Mode.PURE1E_INIT, ModeTransactions.classify(0xef, ROOT));
        assertEquals(Mode.PURE1E_INIT, ModeTransactions.classify(0xef, NOTHING.withCaps(NBS, 0,
                0)));
        assertEquals(Mode.PURE1E_INIT, ModeTransactions.classify(0xef, NOTHING.withBounding(1)));
        assertEquals(Mode.NOPRIV, ModeTransactions.classify(0xef, NOTHING));
    }

    @Test
    void setEmptiesEffectiveAlwaysAndMoreTheStricterTheMode() {
        KernelState now = new KernelState(ALL, ALL, NBS, ALL, NBS);
        assertEquals(new ModeTransactions.Target(0, now.withCaps(0, ALL, NBS), false),
                ModeTransactions.target(Mode.HYBRID, now, false));
        assertEquals(new ModeTransactions.Target(0xef, new KernelState(0, ALL, NBS, ALL, 0),
                false), ModeTransactions.target(Mode.PURE1E, now, false));
        assertEquals(new ModeTransactions.Target(0xef, new KernelState(0, ALL, 0, ALL, 0),
                false), ModeTransactions.target(Mode.PURE1E_INIT, now, false));
        assertEquals(new ModeTransactions.Target(0xef, NOTHING, true),
                ModeTransactions.target(Mode.NOPRIV, now, false));
        assertThrows(IllegalArgumentException.class,
                () -> ModeTransactions.target(Mode.UNCERTAIN, now, false));
    }

    @Test
    void noprivIsOneListBorrowingSetpcapAndDroppingItLast() {
        KernelState now = new KernelState(0, ALL, NBS, ALL, NBS);
        ModeTransactions.Target target = ModeTransactions.target(Mode.NOPRIV, now, false);
        assertEquals(List.of(
                new OpList.Op(OpList.Kind.CAPSET, Planner.SETPCAP, ALL, NBS),
                new OpList.Op(OpList.Kind.AMBIENT_CLEAR, 0, 0, 0),
                new OpList.Op(OpList.Kind.SECUREBITS, 0xef, 0, 0),
                new OpList.Op(OpList.Kind.BOUNDING_DROP, ALL, 0, 0),
                new OpList.Op(OpList.Kind.NO_NEW_PRIVS, 1, 0, 0),
                new OpList.Op(OpList.Kind.CAPSET, 0, 0, 0)),
                ModeTransactions.ops(Mode.NOPRIV, now, target, false).ops());
    }
}
