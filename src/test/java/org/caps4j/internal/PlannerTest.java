/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.caps4j.internal.States.ALL;
import static org.caps4j.internal.States.caps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.junit.jupiter.api.Test;

/**
 * The one planner against a model of the kernel's rules ({@link KernelModel}): every plan it
 * emits runs without a refusal and ends exactly at the target, every target reachable without
 * new privilege gets a plan, and the order is libcap's (I before the bounding drops, so
 * {@code !%cap_x} is valid) with borrowed CAP_SETPCAP dropped last.
 */
class PlannerTest {
    private static final long SETPCAP = Planner.SETPCAP, SETUID = Planner.SETUID,
            SETGID = Planner.SETGID;
    private static final long CHOWN = 1L, NET_BIND = 1L << 10, NET_ADMIN = 1L << 12,
            NET_RAW = 1L << 13;
    private static final Scope EVERYTHING = new Scope(Fields.ALL, ALL, ALL);

    private static Planner.Plan plan(CredentialState now, CredentialState target) {
        return Planner.plan("test", now, target, EVERYTHING);
    }

    private static List<OpList.Op> ops(CredentialState now, CredentialState target) {
        return plan(now, target).ops().ops();
    }

    private static OpList.Op op(OpList.Kind kind, long arg, long arg2, long arg3) {
        return new OpList.Op(kind, arg, arg2, arg3);
    }

    /** Plans, runs the plan on the kernel model, and checks it ends exactly at the target. */
    private static void assertReaches(CredentialState now, CredentialState target) {
        Planner.Plan plan = plan(now, target);
        assertEquals(target, KernelModel.run(now, plan.transaction()), plan.ops().toString());
        assertEquals(target, plan.expected());
        assertEquals(target, plan.transaction().target());
        int differing = now.differingFields(target);
        assertEquals(differing, plan.transaction().fields() & differing,
                "the transaction compares and reads back every field that changes");
    }

    // ---- E/P/I, bounding and ambient ----------------------------------------------------

    @Provide
    Arbitrary<CredentialState[]> capabilityTransitions() {
        Arbitrary<List<Long>> masks = Arbitraries.longs().between(0, ALL)
                .edgeCases(c -> c.add(0L, ALL, SETPCAP, ALL & ~SETPCAP)).list().ofSize(8);
        Arbitrary<List<Integer>> picks = Arbitraries.integers().between(0, 1 << 20).list()
                .ofSize(4);
        return Combinators.combine(masks, picks).as((m, k) -> {
            long p = k.get(0) % 4 != 0 ? m.get(0) | SETPCAP : m.get(0);
            long e = m.get(1), i = m.get(2), b = m.get(3), a = m.get(4);
            long keep = m.get(5), extra = m.get(6), drop = m.get(7);
            CredentialState now = caps(e & p, p, i, b, a & p & i);
            // P mostly shrinks, sometimes grows
            long tp = (p & keep) | (k.get(1) % 8 == 0 ? extra & e & 0xffL : 0);
            long te = tp & extra;
            // I keeps some, gains some inside the bounding set, rarely one outside it
            long ti = (i & extra) | (keep & p) | (extra & b & (NET_ADMIN | NET_RAW))
                    | (k.get(2) % 10 == 0 ? (NET_ADMIN | NET_RAW) & ~b : 0);
            long tb = k.get(3) % 2 == 0 ? b : b & ~drop;
            long ta = extra & tp & ti & ~keep;
            return new CredentialState[] {now, caps(te, tp, ti, tb, ta)};
        });
    }

    @Property(tries = 3000)
    @StatisticsReport(format = Histogram.class)
    void everyCapabilityPlanRunsOnTheKernelModelAndEndsAtTheTarget(
            @ForAll("capabilityTransitions") CredentialState[] transition) {
        CredentialState now = transition[0], target = transition[1];
        try {
            assertReaches(now, target);
        } catch (KernelFailure refused) {
            long gainedI = target.inheritable() & ~now.inheritable();
            boolean needsSetpcap = target.bounding() != now.bounding()
                    || (gainedI & ~now.permitted()) != 0;
            boolean needsNew = (target.permitted() & ~now.permitted()) != 0
                    || (needsSetpcap && (now.permitted() & SETPCAP) == 0)
                    || (gainedI & ~now.bounding()) != 0; // the kernel checks I against B before
            Statistics.collect("refused");
            assertTrue(needsNew, "refused a target reachable without new privilege: " + now
                    + " -> " + target + ": " + refused.getMessage());
            coverage();
            return;
        }
        boolean drops = now.bounding() != target.bounding();
        boolean keepsDropped = (target.inheritable() & ~now.inheritable() & ~target.bounding())
                != 0;
        Statistics.collect(keepsDropped ? "planned, I gains what the bounding drop removes"
                : drops ? "planned with bounding drop" : "planned");
        coverage();
    }

    /** Not vacuous: refusals and each kind of plan occur often. */
    private static void coverage() {
        Statistics.coverage(c -> {
            c.check("refused").percentage(p -> p > 10);
            c.check("planned").percentage(p -> p > 5);
            c.check("planned with bounding drop").percentage(p -> p > 5);
            c.check("planned, I gains what the bounding drop removes").percentage(p -> p > 1);
        });
    }

    @Test
    void boundingDropBorrowsSetpcapShrinkingEffectiveFirstAndDropsItLast() {
        CredentialState now = caps(NET_BIND, NET_BIND | NET_RAW | SETPCAP, 0, ALL, 0);
        CredentialState target = now.withBounding(ALL & ~NET_RAW).withCaps(0, NET_BIND | NET_RAW,
                0);
        assertEquals(List.of(
                op(OpList.Kind.CAPSET, SETPCAP, NET_BIND | NET_RAW | SETPCAP, 0),
                op(OpList.Kind.BOUNDING_DROP, NET_RAW, 0, 0),
                op(OpList.Kind.CAPSET, 0, NET_BIND | NET_RAW, 0)), ops(now, target));
        assertReaches(now, target);
    }

    /** Issue 8 finding 7: libcap's order, I, then ambient, then the bounding drops. */
    @Test
    void inheritableIsSetBeforeTheBoundingDropSoBangPercentIabsAreValid() {
        // Iab "!%cap_net_admin,^cap_chown" on root: I = {net_admin, chown}, A = {chown},
        // bounding without net_admin.
        CredentialState now = States.root();
        CredentialState target = now.withCaps(ALL, ALL, NET_ADMIN | CHOWN).withAmbient(CHOWN)
                .withBounding(ALL & ~NET_ADMIN);
        assertEquals(List.of(
                op(OpList.Kind.CAPSET, ALL, ALL, NET_ADMIN | CHOWN),
                op(OpList.Kind.AMBIENT_RAISE, CHOWN, 0, 0),
                op(OpList.Kind.BOUNDING_DROP, NET_ADMIN, 0, 0)), ops(now, target));
        assertReaches(now, target);
    }

    @Test
    void inheritableBeyondPermittedBorrowsSetpcapBeforeTheCapsetThatNeedsIt() {
        CredentialState now = caps(0, NET_BIND | SETPCAP, 0, ALL, 0);
        CredentialState target = now.withCaps(0, NET_BIND, NET_RAW);
        assertEquals(List.of(
                op(OpList.Kind.CAPSET, SETPCAP, NET_BIND | SETPCAP, 0),
                op(OpList.Kind.CAPSET, SETPCAP, NET_BIND | SETPCAP, NET_RAW),
                op(OpList.Kind.CAPSET, 0, NET_BIND, NET_RAW)), ops(now, target));
        assertReaches(now, target);
    }

    @Test
    void refusalsHappenBeforeAnyOpAndNameTheCapability() {
        CredentialState now = caps(0, NET_BIND, 0, ALL, 0);
        KernelFailure noSetpcap = assertThrows(
                KernelFailure.class,
                () -> plan(now, now.withBounding(ALL & ~NET_RAW)));
        assertTrue(noSetpcap.getMessage().contains("cap_net_raw")
                && noSetpcap.getMessage().contains("CAP_SETPCAP"), noSetpcap.getMessage());
        KernelFailure ambient = assertThrows(KernelFailure.class,
                () -> plan(now, now.withAmbient(NET_BIND)));
        assertTrue(ambient.getMessage().contains("cap_net_bind_service")
                && ambient.getMessage().contains("inheritable"), ambient.getMessage());
        KernelFailure grow = assertThrows(KernelFailure.class,
                () -> plan(now, now.withCaps(0, NET_BIND | NET_RAW, 0)));
        assertTrue(grow.getMessage().contains("setcap cap_net_raw+p"), grow.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> plan(now.withBounding(1), now.withBounding(3)));
    }

    /** Only a drop made before the request is blamed on the bounding set (issue 8, 7). */
    @Test
    void inheritableOutsideTheBoundingSetIsRefusedOnlyWhenItWasDroppedBefore() {
        CredentialState dropped = States.root().withBounding(ALL & ~NET_ADMIN);
        KernelFailure refused = assertThrows(
                KernelFailure.class,
                () -> plan(dropped, dropped.withCaps(ALL, ALL, NET_ADMIN)));
        assertTrue(refused.getMessage().contains("cap_net_admin")
                && refused.getMessage().contains("dropped before this request"),
                refused.getMessage());
    }

    @Test
    void ambientRaiseIsRefusedWhileNoCapAmbientRaiseIsSetButLoweringIsNot() {
        CredentialState now = caps(0, NET_BIND, NET_BIND, ALL, 0);
        KernelFailure refused = assertThrows(
                KernelFailure.class,
                () -> plan(now.withSecurebits(0xef), now.withSecurebits(0xef)
                        .withAmbient(NET_BIND)));
        assertTrue(refused.getMessage().contains("SECBIT_NO_CAP_AMBIENT_RAISE")
                && refused.getMessage().contains("cap_net_bind_service")
                && refused.getMessage().contains("EPERM"), refused.getMessage());
        assertEquals(List.of(op(OpList.Kind.AMBIENT_RAISE, NET_BIND, 0, 0)),
                ops(now.withSecurebits(0x0f), now.withSecurebits(0x0f).withAmbient(NET_BIND)));
        CredentialState ambient = now.withAmbient(NET_BIND).withSecurebits(0xef);
        assertEquals(List.of(op(OpList.Kind.AMBIENT_CLEAR, 0, 0, 0)),
                ops(ambient, ambient.withAmbient(0)));
    }

    // ---- ids, groups, securebits, no_new_privs --------------------------------------------

    /** Identity.change(65534, 65534, 7 groups, keep cap_net_bind_service) from root. */
    @Test
    void identityChangeBorrowsSetuidAndSetgidAroundKeepCapsAndEndsWithTheKeptSet() {
        CredentialState now = States.root();
        CredentialState.Ids nobody = CredentialState.Ids.all(65534);
        List<Integer> groups = CredentialState.sortedGroups(new int[] {7, 1, 2, 3, 4, 5, -2});
        CredentialState target = now.withCaps(NET_BIND, NET_BIND, 0).withIds(nobody, nobody,
                groups);
        assertEquals(List.of(
                op(OpList.Kind.CAPSET, NET_BIND | SETUID | SETGID, ALL, 0),
                op(OpList.Kind.KEEP_CAPS, 1, 0, 0),
                op(OpList.Kind.SETGROUPS, 0, 0, 0),
                op(OpList.Kind.SETRESGID, 65534, 65534, 65534),
                op(OpList.Kind.SETRESUID, 65534, 65534, 65534),
                op(OpList.Kind.KEEP_CAPS, 0, 0, 0),
                op(OpList.Kind.CAPSET, NET_BIND, NET_BIND, 0)), ops(now, target));
        assertEquals(List.of(-2, 1, 2, 3, 4, 5, 7), plan(now, target).transaction().target()
                .groups(), "setgroups takes the 7 gids from the target, sorted as the kernel "
                + "keeps them (unsigned 4294967294 sorts first as -2)");
        assertReaches(now, target);
    }

    /**
     * setresuid away from root clears the ambient set even with keep-caps on, so keeping an
     * ambient capability across the change means raising it again, which
     * SECBIT_NO_CAP_AMBIENT_RAISE forbids. Reachable through Launcher.start (LaunchPlan keeps
     * the requested ambient set across its uid change). The planner must refuse this before
     * any op rather than emit a list the kernel stops half-way (after setresuid).
     */
    @Test
    void keepingAmbientAcrossAUidChangeUnderNoCapAmbientRaiseIsRefusedOrWorks() {
        CredentialState now = caps(0, SETUID | SETGID | NET_BIND, NET_BIND, ALL, NET_BIND)
                .withSecurebits(KernelModel.NO_CAP_AMBIENT_RAISE);
        CredentialState.Ids user = CredentialState.Ids.all(1000);
        CredentialState target = now.withCaps(0, NET_BIND, NET_BIND).withIds(user, user,
                List.of());
        try {
            assertReaches(now, target);
        } catch (KernelFailure refusedBeforeAnyOp) {
            assertTrue(refusedBeforeAnyOp.getMessage().contains("cap_net_bind_service"),
                    refusedBeforeAnyOp.getMessage());
        }
    }

    @Test
    void identityRefusalsNameTheMissingCapabilityAndTheGroupLimit() {
        CredentialState now = caps(0, NET_BIND, 0, ALL, 0);
        CredentialState.Ids nobody = CredentialState.Ids.all(65534);
        KernelFailure setuid = assertThrows(KernelFailure.class,
                () -> plan(now, now.withIds(nobody, now.gids(), now.groups())));
        assertTrue(setuid.getMessage().contains("cap_setuid"), setuid.getMessage());
        int[] tooMany = new int[OpList.MAX_GROUPS + 1];
        for (int g = 0; g < tooMany.length; g++) {
            tooMany[g] = 1000 + g;
        }
        CredentialState root = States.root();
        assertThrows(IllegalArgumentException.class, () -> plan(root, root.withIds(root.uids(),
                root.gids(), CredentialState.sortedGroups(tooMany))));
    }

    @Test
    void securebitsAndNoNewPrivsBorrowSetpcapAndKeepCapsAloneDoesNot() {
        CredentialState now = caps(0, ALL, 0, ALL, 0);
        CredentialState target = now.withSecurebits(0x2f).withNoNewPrivs(true);
        assertEquals(List.of(
                op(OpList.Kind.CAPSET, SETPCAP, ALL, 0),
                op(OpList.Kind.SECUREBITS, 0x2f, 0, 0),
                op(OpList.Kind.NO_NEW_PRIVS, 1, 0, 0),
                op(OpList.Kind.CAPSET, 0, ALL, 0)), ops(now, target));
        assertReaches(now, target);
        assertEquals(List.of(op(OpList.Kind.KEEP_CAPS, 1, 0, 0)),
                ops(now, now.withSecurebits(CredentialState.KEEP_CAPS)));
        assertThrows(KernelFailure.class,
                () -> plan(now.withNoNewPrivs(true), now), "no_new_privs is never cleared");
    }

    private static final List<CredentialState.Ids> IDS = List.of(CredentialState.Ids.all(0),
            CredentialState.Ids.all(1000), new CredentialState.Ids(1000, 0, 1000),
            new CredentialState.Ids(0, 1000, 0), CredentialState.Ids.all(65534));
    private static final List<List<Integer>> GROUPS = List.of(List.of(), List.of(0),
            List.of(1, 2, 3), List.of(-2, 1, 2, 3, 4, 5, 7));
    private static final List<Integer> SECUREBITS = List.of(0, 0x10, 0x01, 0x03, 0x04, 0x0c,
            0x14, 0x2f, 0xef, 0x30, 0x40, 0xc0, 0xff);

    @Provide
    Arbitrary<CredentialState[]> fullTransitions() {
        Arbitrary<List<Long>> masks = Arbitraries.longs().between(0, ALL)
                .edgeCases(c -> c.add(0L, ALL)).list().ofSize(7);
        Arbitrary<List<Integer>> picks = Arbitraries.integers().between(0, 1 << 20).list()
                .ofSize(12);
        return Combinators.combine(masks, picks).as((m, k) -> {
            long p = k.get(0) % 4 != 0 ? m.get(0) | SETPCAP | SETUID | SETGID : m.get(0);
            long i = m.get(2), b = m.get(3);
            CredentialState now = new CredentialState(m.get(1) & p, p, i, b, m.get(4) & p & i,
                    SECUREBITS.get(k.get(1) % SECUREBITS.size()), (k.get(2) & 3) == 0,
                    IDS.get(k.get(3) % IDS.size()), IDS.get(k.get(4) % IDS.size()),
                    GROUPS.get(k.get(5) % GROUPS.size()));
            long keep = m.get(5), extra = m.get(6);
            long tp = p & keep;
            long ti = (i & extra) | (keep & p) | (extra & ~keep & 0x3000L);
            long tb = (k.get(6) & 1) == 0 ? b : b & (keep | extra);
            long ta = extra & tp & ti;
            int bits = (k.get(7) & 1) == 0 ? now.securebits()
                    : SECUREBITS.get(k.get(8) % SECUREBITS.size());
            boolean idsChange = (k.get(9) & 1) == 0;
            CredentialState target = new CredentialState(tp & extra, tp, ti, tb, ta, bits,
                    now.noNewPrivs() || (k.get(10) & 1) == 0,
                    idsChange ? IDS.get(k.get(11) % IDS.size()) : now.uids(),
                    idsChange ? IDS.get((k.get(11) >> 4) % IDS.size()) : now.gids(),
                    idsChange ? GROUPS.get((k.get(11) >> 8) % GROUPS.size()) : now.groups());
            return new CredentialState[] {now, target};
        });
    }

    /**
     * Every kind of transaction at once: the plan runs on the kernel model (setresuid's
     * capability fixups included) and ends at the target; a refusal is justified by a rule of
     * the kernel or a documented limit (Identity.change with SECBIT_KEEP_CAPS_LOCKED and
     * keep-caps off).
     */
    @Property(tries = 3000)
    @StatisticsReport(format = Histogram.class)
    void everyFullStatePlanRunsOnTheKernelModelAndEndsAtTheTarget(
            @ForAll("fullTransitions") CredentialState[] transition) {
        CredentialState now = transition[0], target = transition[1];
        try {
            assertReaches(now, target);
        } catch (KernelFailure | IllegalArgumentException refused) {
            String why = refusalReason(now, target);
            Statistics.collect("refused");
            assertTrue(why != null, "refused a target the kernel allows: " + now + " -> "
                    + target + ": " + refused.getMessage());
            fullCoverage();
            return;
        }
        boolean ids = !now.uids().equals(target.uids()) || !now.gids().equals(target.gids())
                || !now.groups().equals(target.groups());
        Statistics.collect(ids ? "planned with an id change" : now.securebits()
                != target.securebits() ? "planned with securebits" : "planned");
        fullCoverage();
    }

    private static void fullCoverage() {
        Statistics.coverage(c -> {
            c.check("refused").percentage(p -> p > 10);
            c.check("planned with an id change").percentage(p -> p > 5);
            c.check("planned with securebits").percentage(p -> p > 1);
        });
    }

    /** Why the kernel (or a documented limit) rules the transition out, or null. */
    private static String refusalReason(CredentialState now, CredentialState target) {
        long gainedI = target.inheritable() & ~now.inheritable();
        int changedBits = now.securebits() ^ target.securebits();
        boolean needsSetpcap = target.bounding() != now.bounding()
                || (gainedI & ~now.permitted()) != 0 || (changedBits & ~KernelModel.KEEP_CAPS) != 0;
        boolean uidChange = !now.uids().equals(target.uids());
        boolean gidChange = !now.gids().equals(target.gids())
                || !now.groups().equals(target.groups());
        int lockedFlags = (now.securebits() & KernelModel.LOCKS) >>> 1;
        if ((target.permitted() & ~now.permitted()) != 0) {
            return "P grows";
        }
        if ((gainedI & ~now.bounding()) != 0) {
            return "I gains outside the bounding set";
        }
        if (needsSetpcap && (now.permitted() & SETPCAP) == 0) {
            return "needs CAP_SETPCAP";
        }
        boolean leavesRoot = anyRoot(now.uids()) && !anyRoot(target.uids())
                && (now.securebits() & 1 << 2 /* NO_SETUID_FIXUP */) == 0;
        // setresuid empties A when the uids leave 0: what is kept must be raised again
        if ((target.ambient() & ~(leavesRoot ? 0 : now.ambient())) != 0
                && (now.securebits() & KernelModel.NO_CAP_AMBIENT_RAISE) != 0) {
            return "ambient raise under NO_CAP_AMBIENT_RAISE";
        }
        if (now.noNewPrivs() && !target.noNewPrivs()) {
            return "no_new_privs cleared";
        }
        if ((lockedFlags & changedBits) != 0 || (now.securebits() & KernelModel.LOCKS
                & ~target.securebits()) != 0) {
            return "securebits lock";
        }
        if ((uidChange && (now.permitted() & SETUID) == 0)
                || (gidChange && (now.permitted() & SETGID) == 0)) {
            return "needs CAP_SETUID/CAP_SETGID";
        }
        if ((uidChange || gidChange) && (now.securebits() & KernelModel.KEEP_CAPS_LOCKED) != 0
                && !now.keepCaps()) {
            return "documented: ids change refused with SECBIT_KEEP_CAPS_LOCKED and keep-caps off";
        }
        return null;
    }

    private static boolean anyRoot(CredentialState.Ids ids) {
        return ids.real() == 0 || ids.effective() == 0 || ids.saved() == 0;
    }
}
