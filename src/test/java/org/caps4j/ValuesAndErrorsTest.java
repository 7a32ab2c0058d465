/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Tier 1: securebits values and the one message format of every exception. */
class ValuesAndErrorsTest {
    @Test
    void securebitsKeepUnknownBits() {
        SecureBits bits = SecureBits.fromBits(0x2f | (1 << 8));
        assertEquals(EnumSet.of(SecureBit.NOROOT, SecureBit.NOROOT_LOCKED, SecureBit.NO_SETUID_FIXUP,
                SecureBit.NO_SETUID_FIXUP_LOCKED, SecureBit.KEEP_CAPS_LOCKED), bits.named());
        assertEquals(1 << 8, bits.unnamedBits());
        assertEquals("0x12f/[NOROOT,NOROOT_LOCKED,NO_SETUID_FIXUP,NO_SETUID_FIXUP_LOCKED,"
                + "KEEP_CAPS_LOCKED,bit8]", bits.toString());
        assertEquals(SecureBit.KEEP_CAPS, SecureBit.KEEP_CAPS_LOCKED.lockedFlag());
        assertTrue(SecureBit.KEEP_CAPS_LOCKED.isLock());
    }

    @Test
    void capabilityExceptionMessageHasOperationWhereErrnoAndHint() {
        CapabilityException e = new CapabilityPermissionException("capset", "on 3 of 41 threads",
                "run as root");
        assertEquals("capset failed on 3 of 41 threads: Operation not permitted (EPERM). run as root",
                e.getMessage());
        assertEquals(1, e.errno());
        assertEquals("EPERM", e.errnoName());
        assertEquals("capset", e.operation());
    }

    @Test
    void formatExceptionPointsAtThePosition() {
        CapabilityFormatException e = new CapabilityFormatException("cap_chown+E", 10,
                "expected a flag letter e, i or p");
        assertEquals(10, e.position());
        assertEquals("cap_chown+E", e.input());
        assertEquals("invalid capability text at position 10: expected a flag letter e, i or p\n"
                + "  cap_chown+E\n"
                + "            ^", e.getMessage());
    }

    @Test
    void formatExceptionAbbreviatesHugeInputAroundThePosition() {
        String input = "a".repeat(5_000) + "B" + "a".repeat(4_999);
        CapabilityFormatException e = new CapabilityFormatException(input, 5_000, "bad");
        String[] lines = e.getMessage().split("\n");
        assertTrue(lines[1].length() < 220, lines[1]);
        assertEquals('B', lines[1].charAt(lines[2].indexOf('^')), "the caret is under the offending character");
    }
}
