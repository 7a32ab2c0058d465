/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The credential op kinds: how a transaction carries its groups (unprivileged), and, in fresh
 * child JVMs as root (see {@link CredentialOpsMain}), the kernel's own refusal and the
 * keep-caps failure path in the signal handler.
 */
class CredentialOpsTest {
    private static ChildJvm.Result child(String mode) {
        Privileged.requireRoot();
        return ChildJvm.run(CredentialOpsMain.class, mode).assertSuccess();
    }

    /** setgroups takes its gids from the target state: count at 72, gids from 80, unsigned. */
    @Test
    void setgroupsTakesItsGidsFromTheTransactionsTarget() {
        CredentialState target = States.root().withIds(States.ROOT, States.ROOT,
                CredentialState.sortedGroups(new int[] {1, 2, 3, 4, 5, 6, -2}));
        Transaction txn = new Transaction(Fields.GROUPS, 0, 0, target,
                OpList.builder().setgroups().build());
        ByteBuffer encoded = ByteBuffer.allocate(ShimStructs.TRANSACTION_BYTES)
                .order(ByteOrder.nativeOrder());
        ShimStructs.encode(txn, encoded);
        int state = 24;
        assertEquals(7, encoded.getInt(state + 72), "group_count");
        assertEquals(0xffff_fffe, encoded.getInt(state + 80), "gids are unsigned");
        assertEquals(1, encoded.getInt(state + 84));
        assertEquals(6, encoded.getInt(state + 104));
        assertEquals(9, encoded.getInt(state + ShimStructs.STATE_BYTES),
                "CAPS4J_OP_SETGROUPS carries no arguments");
        assertEquals(target, ShimStructs.decodeTarget(encoded), "the state round-trips");
        CredentialState tooMany = target.withIds(States.ROOT, States.ROOT,
                CredentialState.sortedGroups(new int[OpList.MAX_GROUPS + 1]));
        assertThrows(IllegalArgumentException.class, () -> ShimStructs.encode(
                new Transaction(Fields.GROUPS, 0, 0, tooMany, OpList.builder().build()),
                ByteBuffer.allocate(ShimStructs.TRANSACTION_BYTES)));
    }

    @Test
    void theKernelRefusesToClearALockedSecurebitAndNothingChanges() {
        ChildJvm.Result child = child("kernel-securebits");
        Map<String, String> out = ChildOutput.parse(child);
        String planner = ChildOutput.get(out, "planner", child);
        assertTrue(planner.startsWith("CapabilityPermissionException|EPERM|") && planner
                .contains("to change locked securebits"), planner);
        assertEquals("-1", ChildOutput.get(out, "kernel.result", child));
        assertEquals("0 1", ChildOutput.get(out, "kernel.caller", child),
                "step 0 (PR_SET_SECUREBITS) failed with EPERM on the calling thread");
        assertEquals("0", ChildOutput.get(out, "kernel.signalled", child),
                "no other thread was signalled");
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
        assertEquals("4", ChildOutput.get(out, "ops", child), "keep-caps, setgroups, capset, "
                + "keep-caps");
        assertEquals("0", ChildOutput.get(out, "broadcast.result", child),
                "every thread answered");
        assertEquals("-1 0", ChildOutput.get(out, "broadcast.caller", child));
        assertEquals("4", ChildOutput.get(out, "broadcast.failed", child));
        String tasks = ChildOutput.get(out, "census.after.tasks", child);
        assertEquals("1 2 3 4 5 7 100000x" + tasks,
                ChildOutput.get(out, "census.after.Groups", child),
                "every task, the caller and every signalled thread, set the 7 groups");
        assertEquals("0", ChildOutput.get(out, "main.keepCaps", child));
        for (int i = 0; i < 4; i++) {
            assertEquals("DONE step 2 errno 1", ChildOutput.get(out, "victim" + i + ".outcome",
                    child), "the capset failed under the filter");
            assertEquals("0", ChildOutput.get(out, "victim" + i + ".keepCaps", child),
                    "keep-caps cleared on the failure path of victim " + i);
            assertEquals("0", ChildOutput.get(out, "worker" + i + ".keepCaps", child));
        }
        for (String field : new String[] {"Uid", "Gid", "CapEff", "CapPrm"}) {
            assertEquals(ChildOutput.get(out, "census.before." + field, child),
                    ChildOutput.get(out, "census.after." + field, child), field);
        }
    }
}
