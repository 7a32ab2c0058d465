/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/** L4/L5: Bounding.drop reaches every task as root; without CAP_SETPCAP nothing changes. */
class BoundingTest {
    private static final long NET_ADMIN = 1L << 12, NET_RAW = 1L << 13, SYS_TIME = 1L << 25;
    private static final long SETPCAP = 1L << 8;

    private static long uniform(Map<String, String> out, String label, String field,
            ChildJvm.Result child) {
        return ChildOutput.uniformMask(out, label, field, child);
    }

    @Test
    void l4BoundingDropReachesEveryTaskAndExecedPrograms() {
        Privileged.requireRoot();
        ChildJvm.Result child = ChildJvm.run(BoundingMain.class, "root").assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        long before = uniform(out, "before", "CapBnd", child);
        assertEquals(NET_RAW | SYS_TIME | NET_ADMIN, before & (NET_RAW | SYS_TIME | NET_ADMIN),
                "precondition: the bounding set holds them");
        assertEquals(before & ~(NET_RAW | SYS_TIME), uniform(out, "dropped", "CapBnd", child));
        assertEquals(uniform(out, "before", "CapPrm", child),
                uniform(out, "dropped", "CapPrm", child), "the permitted set is untouched");

        long borrowedEff = uniform(out, "borrowed", "CapEff", child);
        assertEquals(before & ~(NET_RAW | SYS_TIME | NET_ADMIN),
                uniform(out, "borrowed", "CapBnd", child));
        assertEquals(0, borrowedEff & SETPCAP, "borrowed CAP_SETPCAP is dropped again");
        assertNotEquals(0, uniform(out, "borrowed", "CapPrm", child) & SETPCAP);

        String exec = ChildOutput.get(out, "exec", child);
        long execPrm = Long.parseUnsignedLong(exec.replaceAll(".*CapPrm:(\\p{XDigit}{16}).*", "$1"), 16);
        assertEquals(0, execPrm & (NET_RAW | SYS_TIME | NET_ADMIN),
                "a program started by a pool worker cannot regain them: " + exec);
        assertNotEquals(0, execPrm & SETPCAP, "but root still gets the rest: " + exec);
    }

    @Test
    void l5WithoutSetpcapBoundingDropThrowsEpermAndChangesNothing() {
        Privileged.requireRoot();
        ChildJvm.Result child = ChildJvm.run(BoundingMain.class, "nosetpcap").assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        assertEquals("CapabilityPermissionException", ChildOutput.get(out, "thrown", child));
        assertEquals("EPERM", ChildOutput.get(out, "errno", child));
        String message = ChildOutput.get(out, "message", child);
        assertTrue(message.contains("cap_net_raw") && message.contains("CAP_SETPCAP")
                && message.contains("setcap cap_setpcap+p"), message);
        assertEquals(0, uniform(out, "before", "CapPrm", child) & SETPCAP);
        for (String field : BoundingMain.FIELDS) {
            assertEquals(uniform(out, "before", field, child), uniform(out, "after", field, child),
                    field + " unchanged on every task");
        }
    }
}
