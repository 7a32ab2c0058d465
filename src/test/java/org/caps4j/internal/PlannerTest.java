package org.caps4j.internal;

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
import org.caps4j.CapabilityException;
import org.caps4j.CapabilityPermissionException;
import org.junit.jupiter.api.Test;

/**
 * The planner against a model of the kernel's rules (security/commoncap.c cap_capset,
 * PR_CAPBSET_DROP, PR_CAP_AMBIENT): every plan it emits runs without EPERM and ends exactly at
 * the target, and every target reachable without new privilege gets a plan.
 */
class PlannerTest {
    private static final long ALL = (1L << 41) - 1, SETPCAP = Planner.SETPCAP;

    /** Runs the ops on the model; throws AssertionError where the kernel would say EPERM. */
    static KernelState simulate(KernelState s, OpList ops) {
        for (OpList.Op op : ops.ops()) {
            long e = s.effective(), p = s.permitted(), i = s.inheritable(), b = s.bounding(),
                    a = s.ambient();
            switch (op.kind()) {
                case CAPSET -> {
                    long ne = op.arg(), np = op.arg2(), ni = op.arg3();
                    require((np & ~p) == 0, "P grows", s, op);
                    require((ne & ~np) == 0, "E outside P", s, op);
                    require((ni & ~(i | b)) == 0, "I outside I|B", s, op);
                    require((e & SETPCAP) != 0 || (ni & ~(i | p)) == 0,
                            "I outside I|P without effective SETPCAP", s, op);
                    s = new KernelState(ne, np, ni, b, a & np & ni);
                }
                case BOUNDING_DROP -> {
                    require((e & SETPCAP) != 0, "bounding drop without effective SETPCAP", s, op);
                    s = s.withBounding(b & ~op.arg());
                }
                case AMBIENT_RAISE -> {
                    require((op.arg() & ~(p & i)) == 0, "ambient raise outside P&I", s, op);
                    s = s.withAmbient(a | op.arg());
                }
                case AMBIENT_LOWER -> s = s.withAmbient(a & ~op.arg());
                case AMBIENT_CLEAR -> s = s.withAmbient(0);
                default -> throw new AssertionError("unexpected op " + op);
            }
        }
        return s;
    }

    private static void require(boolean ok, String rule, KernelState s, OpList.Op op) {
        if (!ok) {
            throw new AssertionError("kernel would refuse (" + rule + "): " + op + " in " + s);
        }
    }

    @Provide
    Arbitrary<KernelState[]> transitions() {
        Arbitrary<Long> mask = Arbitraries.longs().between(0, ALL)
                .edgeCases(c -> c.add(0L, ALL, SETPCAP, ALL & ~SETPCAP));
        Arbitrary<Boolean> setpcap = Arbitraries.of(true, false);
        return Combinators.combine(mask, mask, mask, mask, mask, mask, mask, setpcap).as(
                (anyP, e, i, b, a, keep, extra, withSetpcap) -> {
            long p = withSetpcap ? anyP | SETPCAP : anyP;
            KernelState now = new KernelState(e & p, p, i, b, a & p & i);
            long tp = (p & keep) | (extra & e & 0xffL); // mostly shrinking, sometimes growing
            long te = tp & extra;
            long ti = (i & extra) | (keep & p);
            long tb = b & (keep | extra);
            long ta = extra & tp & ti & ~keep;
            return new KernelState[] {now, new KernelState(te, tp, ti, tb, ta)};
        });
    }

    @Property(tries = 3000)
    @StatisticsReport(format = Histogram.class)
    void everyPlanRunsOnTheKernelModelAndEndsAtTheTarget(
            @ForAll("transitions") KernelState[] transition) {
        KernelState now = transition[0], target = transition[1];
        Planner.Plan plan;
        try {
            plan = Planner.plan("test", now, target);
        } catch (CapabilityException refused) {
            boolean needsNew = (target.permitted() & ~now.permitted()) != 0
                    || ((target.bounding() != now.bounding()
                            || (target.inheritable() & ~(now.inheritable() | now.permitted())) != 0)
                            && (now.permitted() & SETPCAP) == 0)
                    || (target.inheritable() & ~(now.inheritable() | target.bounding())) != 0;
            Statistics.collect("refused");
            assertTrue(needsNew, "refused a target reachable without new privilege: " + now
                    + " -> " + target + ": " + refused.getMessage());
            coverage();
            return;
        }
        Statistics.collect(plan.ops().ops().stream()
                .anyMatch(op -> op.kind() == OpList.Kind.BOUNDING_DROP) ? "planned with bounding drop" : "planned");
        assertEquals(target, simulate(now, plan.ops()), plan.ops().toString());
        assertEquals(target, plan.expected());
        coverage();
    }

    /** Not vacuous: both refusals and each kind of plan occur often. */
    private static void coverage() {
        Statistics.coverage(c -> {
            c.check("refused").percentage(p -> p > 10);
            c.check("planned").percentage(p -> p > 10);
            c.check("planned with bounding drop").percentage(p -> p > 5);
        });
    }

    @Test
    void boundingDropBorrowsSetpcapShrinkingEffectiveFirstAndDropsItLast() {
        long netRaw = 1L << 13, netBind = 1L << 10;
        KernelState now = new KernelState(netBind, netBind | netRaw | SETPCAP, 0, ALL, 0);
        KernelState target = now.withBounding(ALL & ~netRaw).withCaps(0, netBind | netRaw, 0);
        List<OpList.Op> ops = Planner.plan("test", now, target).ops().ops();
        assertEquals(List.of(
                new OpList.Op(OpList.Kind.CAPSET, SETPCAP, netBind | netRaw | SETPCAP, 0),
                new OpList.Op(OpList.Kind.BOUNDING_DROP, netRaw, 0, 0),
                new OpList.Op(OpList.Kind.CAPSET, 0, netBind | netRaw, 0)), ops);
    }

    @Test
    void refusalsHappenBeforeAnyOpAndNameTheCapability() {
        KernelState now = new KernelState(0, 1L << 10, 0, ALL, 0);
        CapabilityPermissionException noSetpcap = assertThrows(
                CapabilityPermissionException.class,
                () -> Planner.plan("drop", now, now.withBounding(ALL & ~(1L << 13))));
        assertTrue(noSetpcap.getMessage().contains("cap_net_raw")
                && noSetpcap.getMessage().contains("CAP_SETPCAP"), noSetpcap.getMessage());
        CapabilityPermissionException ambient = assertThrows(CapabilityPermissionException.class,
                () -> Planner.plan("raise", now, now.withAmbient(1L << 10)));
        assertTrue(ambient.getMessage().contains("cap_net_bind_service")
                && ambient.getMessage().contains("inheritable"), ambient.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Planner.plan("grow", now.withBounding(1), now.withBounding(3)));
    }
}
