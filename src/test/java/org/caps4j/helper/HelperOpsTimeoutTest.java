/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * A Java body that runs past its limit ({@link HelperOpsTimeoutMain}): the caller gets
 * OperationFailed, the audit says why, and the hung body's worker loses its effective set
 * while the body is still blocked inside it, so the body's next privileged call fails in the
 * kernel. The other workers go on serving.
 */
class HelperOpsTimeoutTest {
    @Test
    void aBodyPastItsLimitLosesItsCapabilitiesWhileStillRunning() {
        Privileged.requireRoot();
        ChildJvm.Result child = ChildJvm.run(HelperOpsTimeoutMain.class).assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        String stdout = child.stdout();
        assertEquals("ok", ChildOutput.get(out, "hang.firstBind", child),
                "the body ran with cap_net_bind_service effective\n" + stdout);
        assertEquals(HelperErrors.OPERATION_FAILED, ChildOutput.get(out, "hang.error", child));
        assertTrue(Long.parseLong(ChildOutput.get(out, "hang.millis", child)) < 30_000, stdout);
        assertTrue(ChildOutput.get(out, "hung.state", child).startsWith("S"),
                "the body is still blocked on its worker\n" + stdout);
        assertEquals("0000000000000000", ChildOutput.get(out, "hung.CapEff", child), stdout);
        assertEquals("0000000000000400", ChildOutput.get(out, "hung.CapPrm", child),
                "P keeps cap_net_bind_service\n" + stdout);
        assertTrue(ChildOutput.get(out, "hang.secondBind", child).contains("Permission_denied"),
                "the hung body can no longer bind a low port\n" + stdout);
        assertEquals("null", ChildOutput.get(out, "quick.error", child), stdout);
        assertEquals("ok", ChildOutput.get(out, "quick.bind", child), stdout);
        assertTrue(stdout.contains("method=org.example.Timeout.Hang decision=allowed "
                + "result=failed") && stdout.contains("timed out after 500 ms"), stdout);
    }
}
