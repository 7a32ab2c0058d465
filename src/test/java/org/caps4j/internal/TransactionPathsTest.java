package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * Failure paths and combined transactions in fresh child JVMs as root (see
 * {@link TransactionPathsMain}); every assertion is on the child's own census of
 * /proc/self/task, where "x17" style counts mean all tasks agree.
 */
class TransactionPathsTest {
    private record Run(ChildJvm.Result child, Map<String, String> out) {
        String get(String key) {
            return ChildOutput.get(out, key, child);
        }

        /** The one value of {@code field} shared by all tasks at {@code label}. */
        long uniform(String label, String field) {
            String tasks = get("census." + label + ".tasks");
            String value = get("census." + label + "." + field);
            assertTrue(value.endsWith("x" + tasks) && !value.contains(","),
                    "all tasks agree on " + field + " at " + label + ": " + value);
            return Long.parseUnsignedLong(value.substring(0, value.indexOf('x')), 16);
        }

        void assertUnchanged(String from, String to) {
            assertEquals(get("census." + from + ".tasks"), get("census." + to + ".tasks"));
            for (String field : TransactionPathsMain.FIELDS) {
                assertEquals(uniform(from, field), uniform(to, field), field + " unchanged");
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
    void kernelRefusalOnTheCallingThreadIsReportedAndNoThreadChanges() {
        Run run = run("kernel-eperm");
        assertEquals(0, run.uniform("before", "CapEff") & Planner.SETPCAP,
                "precondition: CAP_SETPCAP not effective");
        assertEquals("CapabilityPermissionException", run.get("thrown"));
        assertEquals("EPERM", run.get("errno"));
        assertTrue(run.get("message").startsWith("prctl(PR_CAPBSET_DROP) failed on the calling "
                + "thread at step 0"), run.get("message"));
        run.assertUnchanged("before", "after");
    }

    @Test
    void l8InjectedFailureIsReportedWithItsStepAndKeepCapsIsClearedAgain() {
        Run run = run("injected");
        assertEquals("CapabilityException", run.get("thrown"));
        assertEquals("EIO", run.get("errno"));
        assertTrue(run.get("firstMessage").startsWith("injected failure failed on the calling "
                + "thread at step 1 of test; no other thread was changed"), run.get("firstMessage"));
        assertEquals("0", run.get("keepCaps"), "keep-caps was set by step 0 and cleared");
        run.assertUnchanged("before", "after");
        // The same hook failing on every thread but the caller: retried once, then reported.
        int tasks = Integer.parseInt(run.get("othersTasks"));
        String others = run.out().get("message");
        assertTrue(others.startsWith("injected failure failed on " + (tasks - 1) + " of " + tasks
                + " threads during test, also when retried (tids "), others);
        assertTrue(others.endsWith("Input/output error (EIO). Those threads may now differ "
                + "from the rest"), others);
    }

    @Test
    void l6l7AmbientNeedsPandIAndCombinedTransactionsEndExactlyAsRequested() {
        Run run = run("ambient");
        long netBind = TransactionPathsMain.NET_BIND, netRaw = TransactionPathsMain.NET_RAW;
        assertEquals("CapabilityPermissionException", run.get("thrown"));
        assertTrue(run.get("message").contains("cap_net_bind_service")
                && run.get("message").contains("inheritable"), run.get("message"));
        run.assertUnchanged("start", "refused");
        assertEquals(netBind | netRaw, run.uniform("raised", "CapAmb"));
        assertEquals(netBind, run.uniform("lowered", "CapAmb"));
        assertEquals(netRaw, run.uniform("inheritableDropped", "CapInh"));
        assertEquals(0, run.uniform("inheritableDropped", "CapAmb"), "dropping I drops A");
        assertEquals(0, run.uniform("cleared", "CapAmb"));

        long before = Long.parseUnsignedLong(run.get("combined.before"), 16);
        assertEquals(netBind, run.uniform("combined", "CapEff"));
        assertEquals(netBind | netRaw, run.uniform("combined", "CapPrm"));
        assertEquals(netBind | netRaw, run.uniform("combined", "CapInh"));
        assertEquals(netRaw, run.uniform("combined", "CapAmb"));
        assertEquals(before & ~TransactionPathsMain.SYS_TIME, run.uniform("combined", "CapBnd"));
    }

    @Test
    void applyToCurrentThreadChangesExactlyOneTaskAndRefusesVirtualThreads() {
        Run run = run("current-thread");
        assertTrue(run.get("virtual").contains("virtual thread"), run.get("virtual"));
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
        assertEquals(1L << 13, run.uniform("after", "CapEff") & (1L << 13),
                "our broadcast still works after glibc's");
    }
}
