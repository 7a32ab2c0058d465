package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The ABI 3 op kinds: native argument checks (unprivileged) and, in fresh child JVMs as root
 * (see {@link CredentialOpsMain}), the kernel's own refusal and the keep-caps failure path.
 */
class CredentialOpsTest {
    private static ChildJvm.Result child(String mode) {
        Privileged.requireRoot();
        return ChildJvm.run(CredentialOpsMain.class, mode).assertSuccess();
    }

    @Test
    void setgroupsCarriesItsGidsInGroupDataOps() {
        long[] ops = OpList.builder().setgroups(new int[] {1, 2, 3, 4, 5, 6, -2}).build()
                .toArray();
        assertEquals(3 * OpList.LONGS_PER_OP, ops.length, "SETGROUPS + 2 GROUP_DATA ops");
        assertEquals(9, ops[0]);
        assertEquals(7, ops[1]);
        assertEquals(10, ops[4]);
        assertEquals(1L | 2L << 32, ops[5]);
        assertEquals(5L | 6L << 32, ops[7]);
        assertEquals(0xffff_fffeL, ops[9], "gids are unsigned");
    }

    @Test
    void malformedGroupListsAreRefusedBeforeAnySystemCall() {
        int[] step = {0};
        long[] truncated = OpList.builder().setgroups(new int[] {1, 2, 3, 4, 5, 6, 7}).build()
                .toArray();
        long[] oneDataOp = Arrays.copyOf(truncated, 2 * OpList.LONGS_PER_OP);
        assertEquals(-Errno.EINVAL, Natives.shim().runOps(oneDataOp, step));
        assertEquals(0, step[0]);
        long[] dataAlone = Arrays.copyOfRange(truncated, OpList.LONGS_PER_OP,
                2 * OpList.LONGS_PER_OP);
        assertEquals(-Errno.EINVAL, Natives.shim().runOps(dataAlone, step));
        long[] tooMany = OpList.builder().setgroups(new int[0]).build().toArray();
        tooMany[1] = 65; // above CAPS4J_MAX_GROUPS
        assertEquals(-Errno.EINVAL, Natives.shim().runOps(tooMany, step));
        long[] nnpArg = OpList.builder().noNewPrivs().build().toArray();
        nnpArg[1] = 0; // no_new_privs can only be set
        assertEquals(-Errno.EINVAL, Natives.shim().runOps(nnpArg, step));
    }

    @Test
    void theKernelRefusesToClearALockedSecurebitAndNothingChanges() {
        ChildJvm.Result child = child("kernel-securebits");
        Map<String, String> out = ChildOutput.parse(child);
        String thrown = ChildOutput.get(out, "thrown", child);
        assertTrue(thrown.startsWith("CapabilityPermissionException|EPERM|prctl(PR_SET_SECUREBITS)"
                + " failed on the calling thread at step 0"), thrown);
        assertEquals("15", ChildOutput.get(out, "main.securebits", child));
        assertEquals("15", ChildOutput.get(out, "worker.securebits", child));
        for (String field : CredentialOpsMain.FIELDS) {
            assertEquals(ChildOutput.get(out, "census.before." + field, child),
                    ChildOutput.get(out, "census.after." + field, child), field);
        }
    }

    @Test
    void workersRunSetgroupsInTheHandlerAndClearKeepCapsWhenALaterStepFails() {
        ChildJvm.Result child = child("groups-failure");
        Map<String, String> out = ChildOutput.parse(child);
        assertEquals("6", ChildOutput.get(out, "ops", child), "keep-caps, setgroups + 2 data, inject, keep-caps");
        String thrown = ChildOutput.get(out, "thrown", child);
        assertTrue(thrown.startsWith("CapabilityException|EIO|injected failure failed on ")
                && thrown.contains("also when retried"), thrown);
        String tasks = ChildOutput.get(out, "census.after.tasks", child);
        assertEquals("1 2 3 4 5 7 100000x" + tasks,
                ChildOutput.get(out, "census.after.Groups", child),
                "every task, the caller and every signalled thread, set the 7 groups");
        assertEquals("0", ChildOutput.get(out, "main.keepCaps", child));
        for (int i = 0; i < 4; i++) {
            assertEquals("0", ChildOutput.get(out, "worker" + i + ".keepCaps", child),
                    "keep-caps cleared on the failure path of worker " + i);
        }
    }
}
