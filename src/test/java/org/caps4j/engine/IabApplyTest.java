/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/** Iab.apply reaches every task as root; an ambient capability outside P is refused. */
class IabApplyTest {
    private static final long NET_BIND_SERVICE = 1L << 10, NET_RAW = 1L << 13;

    private static long uniform(Map<String, String> out, String label, String field,
            ChildJvm.Result child) {
        return ChildOutput.uniformMask(out, label, field, child);
    }

    @Test
    void applyBlocksRaisesAmbientAndSetsInheritableOnEveryTask() {
        Privileged.requireRoot();
        ChildJvm.Result child = ChildJvm.run(IabApplyMain.class, "apply").assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        assertTrue(Integer.parseInt(ChildOutput.get(out, "census.after.tasks", child)) >= 5);
        long before = uniform(out, "before", "CapBnd", child);
        assertEquals(NET_RAW, before & NET_RAW, "precondition: the bounding set holds net_raw");
        assertEquals(before & ~NET_RAW, uniform(out, "after", "CapBnd", child));
        assertEquals(NET_BIND_SERVICE, uniform(out, "after", "CapInh", child));
        assertEquals(NET_BIND_SERVICE, uniform(out, "after", "CapAmb", child));
        assertEquals(uniform(out, "before", "CapPrm", child),
                uniform(out, "after", "CapPrm", child), "P unchanged");
        assertEquals(uniform(out, "before", "CapEff", child),
                uniform(out, "after", "CapEff", child), "E unchanged");
        String worker = ChildOutput.get(out, "worker", child);
        assertTrue(worker.startsWith("^cap_net_bind_service,") && worker.contains("!cap_net_raw"),
                "a pool worker reads the IAB back: " + worker);
    }

    @Test
    void ambientOutsidePermittedIsRefusedAndNothingChanges() {
        Privileged.requireRoot();
        ChildJvm.Result child = ChildJvm.run(IabApplyMain.class, "notpermitted").assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        assertEquals("CapabilityPermissionException", ChildOutput.get(out, "thrown", child));
        assertEquals("EPERM", ChildOutput.get(out, "errno", child));
        String message = ChildOutput.get(out, "message", child);
        assertTrue(message.contains("cap_net_bind_service") && message.contains("permitted")
                && message.contains("setcap cap_net_bind_service+p"), message);
        assertEquals(0, uniform(out, "before", "CapPrm", child) & NET_BIND_SERVICE);
        for (String field : IabApplyMain.FIELDS) {
            assertEquals(uniform(out, "before", field, child), uniform(out, "after", field, child),
                    field + " unchanged on every task");
        }
    }
}
