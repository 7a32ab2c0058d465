/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Tier 2: the universe read from /proc agrees with the shim's probe of the bounding set. */
class KernelUniverseTest {
    @Test
    void lastCapFromProcMatchesTheBoundingSetProbe() throws Exception {
        int probed = Natives.shim().probeLastCap();
        assertEquals(probed, KernelUniverse.parse(KernelUniverse.readSysctl(KernelUniverse.CAP_LAST_CAP)));
        assertEquals(probed, KernelUniverse.lastCap());
    }
}
