/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.caps4j.internal.TransactionPathsMain.CHOWN;
import static org.caps4j.internal.TransactionPathsMain.NET_ADMIN;
import static org.caps4j.internal.TransactionPathsMain.NET_BIND;
import static org.caps4j.internal.TransactionPathsMain.NET_RAW;
import static org.caps4j.internal.TransactionPathsMain.SYS_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The engine's failure paths and combined transactions in fresh child JVMs as root (see
 * {@link TransactionPathsMain}), failures made real by seccomp filters; every assertion is on
 * the child's own census of /proc/self/task, where "x17" style counts mean all tasks agree.
 */
class TransactionPathsTest {
    private record Run(ChildJvm.Result child, Map<String, String> out) {
        String get(String key) {
            return ChildOutput.get(out, key, child);
        }

        /** The one value of {@code field} shared by all tasks at {@code label}. */
        long uniform(String label, String field) {
            return ChildOutput.uniformMask(out, label, field, child);
        }

        /** Every {@code message=} line, in order (the map keeps only the last). */
        List<String> messages() {
            return child.stdout().lines().filter(line -> line.startsWith("message="))
                    .map(line -> line.substring("message=".length())).toList();
        }

        /** Every task agrees on every field, with the same values at both labels. */
        void assertUnchanged(String from, String to, String... fields) {
            String tasks = get("census." + from + ".tasks");
            assertEquals(tasks, get("census." + to + ".tasks"));
            for (String field : fields) {
                String before = get("census." + from + "." + field);
                assertTrue(before.endsWith("x" + tasks) && !before.contains(","),
                        "all tasks agree on " + field + ": " + before);
                assertEquals(before, get("census." + to + "." + field), field + " unchanged");
            }
        }
    }

    private static Run run(String scenario) {
        return run(List.of(), scenario);
    }

    private static Run run(List<String> prefix, String scenario) {
        Privileged.requireRoot();
        ChildJvm.Result child = ChildJvm.run(prefix, TransactionPathsMain.class, scenario)
                .assertSuccess();
        return new Run(child, ChildOutput.parse(child));
    }

    @Test
    void aLateFailureOnTheCallingThreadIsRolledBackThereAndNoOtherThreadChanges() {
        Run run = run("caller-late-failure");
        assertEquals(0, run.uniform("before", "CapEff") & Planner.SETPCAP,
                "precondition: CAP_SETPCAP not effective, so step 0 borrows it");
        assertEquals("CapabilityPermissionException", run.get("thrown"));
        assertEquals("EPERM", run.get("errno"));
        assertTrue(run.get("message").startsWith("prctl(PR_CAPBSET_DROP) failed on the calling "
                + "thread at step 1 of prctl(PR_CAPBSET_DROP); the calling thread was changed by "
                + "the earlier steps and has been restored to its prior state; no other thread "
                + "was changed"), run.get("message"));
        run.assertUnchanged("before", "after", TransactionPathsMain.FIELDS);
    }

    /** Issue 8, finding 4: the calling thread is restored exactly, keep-caps included. */
    @Test
    void setresuidFailingAfterSetgroupsAndSetresgidLeavesTheCallerExactlyAsItWas() {
        Run run = run("identity-late-failure");
        assertEquals("CapabilityPermissionException", run.get("thrown"));
        assertTrue(run.get("message").startsWith("setresuid failed on the calling thread at "
                + "step 4 of change identity to uid 65534 gid 65534; the calling thread was "
                + "changed by the earlier steps and has been restored to its prior state; no "
                + "other thread was changed"), run.get("message"));
        assertEquals("0", run.get("keepCaps"), "keep-caps was set by step 1 and cleared");
        run.assertUnchanged("before", "after", TransactionPathsMain.IDS);
    }

    @Test
    void threadsWhereTheKernelRefusesAreNamedWithTheirStateAndTheRestChanged() {
        Run run = run("others-fail");
        int tasks = Integer.parseInt(run.get("census.after.tasks"));
        long full = run.uniform("before", "CapEff");
        assertEquals("CapabilityPermissionException", run.get("thrown"));
        String first = run.messages().get(0);
        String again = run.get("againMessage");
        assertEquals(String.format("%016xx%d,%016xx4", full & ~NET_RAW, tasks - 4, full),
                run.get("census.after.CapEff"), "the 4 threads under the filter kept E");
        assertEquals(run.get("census.after.CapEff"), run.get("census.again.CapEff"));
        for (String message : List.of(again, first)) {
            assertTrue(message.startsWith("capset failed on 4 of " + tasks + " threads: "
                    + "Operation not permitted (EPERM). Not changed or not as requested: "),
                    message);
            assertTrue(message.contains("Changed as requested: " + (tasks - 4) + " threads, "
                    + "the calling thread included"), message);
        }
        List<String> named = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String[] victim = run.get("victim" + i).split(" ");
            named.add("tid " + victim[0] + " \"" + victim[1] + "\" (capset failed there: "
                    + "Operation not permitted (EPERM), not changed; it has CapEff 0x"
                    + Long.toHexString(full) + " (expected 0x" + Long.toHexString(full & ~NET_RAW)
                    + "))");
        }
        named.forEach(victim -> assertTrue(first.contains(victim), first));
        // Repeating the call re-plans those threads from their own state (the caller's list is
        // empty now): the report must still name the system call that failed there.
        named.forEach(victim -> assertTrue(again.contains(victim), "second attempt: " + again));
    }

    /**
     * Issue 8, finding 5: a thread whose state differs (E = {} set by applyToCurrentThread)
     * cannot run the list planned from the caller (a bare PR_CAPBSET_DROP needs CAP_SETPCAP
     * effective); it is repaired with a plan from its own state. Bounding.drop governs the
     * bounding set only, so that thread's E must stay empty.
     */
    @Test
    void aThreadThatDiffersIsRepairedFromItsOwnStateWithoutTouchingOtherFields() {
        Run run = run("differing-thread");
        assertEquals("0", run.get("lowered.before.CapEff"));
        assertEquals("none", run.get("thrown"));
        long bounding = run.uniform("before", "CapBnd");
        assertEquals(bounding & ~NET_RAW, run.uniform("after", "CapBnd"));
        assertEquals(Long.toHexString(bounding & ~NET_RAW), run.get("lowered.after.CapBnd"));
        assertEquals("0", run.get("lowered.after.CapEff"), "Bounding.drop raised the effective "
                + "set of a thread that had emptied it (the repair planned that thread to the "
                + "caller's whole state, not to its own state with the bounding bits dropped)");
    }

    @Test
    void ambientNeedsPandIAndCombinedTransactionsEndExactlyAsRequested() {
        Run run = run("ambient");
        assertEquals("CapabilityPermissionException", run.out().get("thrown"));
        String refused = run.messages().get(0);
        assertTrue(refused.contains("cap_net_bind_service") && refused.contains("inheritable"),
                refused);
        run.assertUnchanged("start", "refused", TransactionPathsMain.FIELDS);
        assertEquals(NET_BIND | NET_RAW, run.uniform("raised", "CapAmb"));
        assertEquals(NET_BIND, run.uniform("lowered", "CapAmb"));
        assertEquals(NET_RAW, run.uniform("inheritableDropped", "CapInh"));
        assertEquals(0, run.uniform("inheritableDropped", "CapAmb"), "dropping I drops A");
        assertEquals(0, run.uniform("cleared", "CapAmb"));

        long before = Long.parseUnsignedLong(run.get("combined.before"), 16);
        assertEquals(NET_BIND, run.uniform("combined", "CapEff"));
        assertEquals(NET_BIND | NET_RAW, run.uniform("combined", "CapPrm"));
        assertEquals(NET_BIND | NET_RAW | SYS_TIME, run.uniform("combined", "CapInh"),
                "I keeps cap_sys_time, set before the same transaction drops it from bounding");
        assertEquals(NET_RAW, run.uniform("combined", "CapAmb"));
        assertEquals(before & ~SYS_TIME, run.uniform("combined", "CapBnd"));
    }

    /** Issue 8, finding 7: libcap's order makes "!%cap_x" (I and blocked) valid. */
    @Test
    void anIabWithACapabilityBothInheritableAndBlockedApplies() {
        Run run = run("iab");
        assertEquals("none", run.get("thrown"));
        assertEquals(NET_ADMIN | CHOWN, run.uniform("after", "CapInh"));
        assertEquals(CHOWN, run.uniform("after", "CapAmb"));
        assertEquals(run.uniform("before", "CapBnd") & ~NET_ADMIN, run.uniform("after",
                "CapBnd"));
        run.assertUnchanged("before", "after", "CapEff", "CapPrm");
    }

    @Test
    void applyToCurrentThreadChangesExactlyOneTaskAndReportsARefusalOnThatThreadOnly() {
        Run run = run("current-thread");
        assertTrue(run.get("virtual").contains(Runtime.version().feature() >= 21
                ? "virtual thread" : "no virtual threads before JDK 21"), run.get("virtual"));
        assertEquals("CapabilityPermissionException", run.get("thrown"));
        assertTrue(run.get("message").startsWith("capset failed on the calling thread at step 0 "
                + "of capset; the calling thread is unchanged; other threads are never changed "
                + "by this call"), run.get("message"));
        assertEquals("0", run.get("self.CapEff"));
        int tasks = Integer.parseInt(run.get("census.after.tasks"));
        long full = run.uniform("before", "CapEff");
        assertEquals(String.format("0000000000000000x1,%016xx%d", full, tasks - 1),
                run.get("census.after.CapEff"), "only the calling thread changed");
    }

    @Test
    void asNobodyRefusalsNameTheCapabilityAndTheFixAndDroppingNothingWorks() {
        Privileged.requireTool("setpriv");
        Run run = run(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "--inh-caps=-all"), "unprivileged");
        assertTrue(run.get("boundingMessage").contains("cap_net_raw")
                && run.get("boundingMessage").contains("CAP_SETPCAP"), run.get("boundingMessage"));
        assertTrue(run.get("permittedMessage").contains("setcap cap_net_raw+p"),
                run.get("permittedMessage"));
        assertEquals(0, run.uniform("after", "CapPrm"));
        assertEquals(0, run.uniform("after", "CapEff"));
    }

    @Test
    void glibcsOwnSetxidBroadcastStillReachesEveryThreadThroughOurHandler() {
        Run run = run("glibc-setxid");
        assertEquals("0", run.get("setresgid"));
        String tasks = run.get("census.glibc.tasks");
        assertEquals("0\t12345\t0\t12345x" + tasks, run.get("census.glibc.Gid"),
                "glibc's setresgid, chained through our signal-33 handler, reached every task");
        assertEquals(0, run.uniform("after", "CapAmb"));
        assertEquals(NET_RAW, run.uniform("after", "CapEff") & NET_RAW,
                "our broadcast still works after glibc's");
    }
}
