/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.caps4j.internal.Errno;
import org.caps4j.testing.KernelStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tier 2: Caps.fromPid argument checks and errors; reading other processes is in tier 3. */
class CapsFromPidTest {
    @ParameterizedTest
    @ValueSource(longs = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE})
    void rejectsWhatIsNotAPid(long pid) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Caps.fromPid(pid));
        assertTrue(e.getMessage().startsWith("pid " + pid + " is not a process id"),
                e.getMessage());
    }

    @Test
    void aMissingProcessIsEsrch() throws Exception {
        // pid_max is at most 2^22, so this pid can never exist
        long pid = Integer.MAX_VALUE;
        int pidMax = Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/pid_max")).strip());
        assertTrue(pid > pidMax);
        CapabilityException e = assertThrows(CapabilityException.class, () -> Caps.fromPid(pid));
        assertEquals(Errno.ESRCH, e.errno());
        assertEquals("ESRCH", e.errnoName());
        assertEquals("capget failed for pid 2147483647: No such process (ESRCH). "
                + "no process 2147483647 exists (it may have exited)", e.getMessage());
    }

    @Test
    void ownPidIsTheMainThreadAsProcShowsIt() {
        long pid = ProcessHandle.current().pid();
        var status = KernelStatus.of(pid, pid).orElseThrow();
        Caps caps = Caps.fromPid(pid);
        assertEquals(KernelStatus.mask(status, "CapEff"), caps.effective().mask());
        assertEquals(KernelStatus.mask(status, "CapPrm"), caps.permitted().mask());
        assertEquals(KernelStatus.mask(status, "CapInh"), caps.inheritable().mask());
    }
}
