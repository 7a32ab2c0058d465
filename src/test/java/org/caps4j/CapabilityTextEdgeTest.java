/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.caps4j.internal.KernelUniverse;
import org.caps4j.internal.text.CapMasks;
import org.caps4j.internal.text.CapText;
import org.caps4j.internal.text.IabMasks;
import org.caps4j.internal.text.IabText;
import org.caps4j.internal.text.TextSyntaxException;
import org.junit.jupiter.api.Test;

/**
 * The text codec works on masks and throws its own exception; {@link Caps} and {@link Iab}
 * build the public values and the public exception from them. The user sees the same values,
 * text and error (same input, position, reason and message, byte for byte) as the codec says.
 */
class CapabilityTextEdgeTest {
    private static final List<String> BAD_CAPS = List.of("cap_chown+E", "cap_foo=ep", "010+ep",
            "=+e", "cap_chown\0+e", " ".repeat(70_000), "x".repeat(300) + "=ep");
    private static final List<String> BAD_IAB = List.of("cap_chown,!cap_bogus", "!", "all",
            "0x1f", "cap_chown ", "^".repeat(70_000));

    @Test
    void capsParseRefusesWithTheCodecsPositionReasonAndMessage() {
        for (String text : BAD_CAPS) {
            TextSyntaxException codec = assertThrows(TextSyntaxException.class,
                    () -> CapText.parse(text, KernelUniverse.lastCap()));
            CapabilityFormatException e = assertThrows(CapabilityFormatException.class,
                    () -> Caps.parse(text));
            assertSame(codec, e);
        }
    }

    @Test
    void iabParseRefusesWithTheCodecsPositionReasonAndMessage() {
        for (String text : BAD_IAB) {
            TextSyntaxException codec = assertThrows(TextSyntaxException.class,
                    () -> IabText.parse(text));
            CapabilityFormatException e = assertThrows(CapabilityFormatException.class,
                    () -> Iab.parse(text));
            assertSame(codec, e);
        }
    }

    /** The message is exactly what the public constructor makes of input, position, reason. */
    @Test
    void messageIsThePublicFormat() {
        CapabilityFormatException e = assertThrows(CapabilityFormatException.class,
                () -> Caps.parse("cap_chown+E"));
        assertEquals("invalid capability text at position 10: expected a flag letter e, i or p"
                + " after '+' (flags are lower case), found 'E'\n  cap_chown+E\n            ^",
                e.getMessage());
    }

    @Test
    void nullIsStillNullPointerException() {
        assertThrows(NullPointerException.class, () -> Caps.parse(null));
        assertThrows(NullPointerException.class, () -> Iab.parse(null));
    }

    @Test
    void valuesAndTextAreTheCodecs() {
        int lastCap = KernelUniverse.lastCap();
        for (String text : List.of("=", "cap_net_raw+ep", "=ep cap_sys_admin-e",
                "all=p+ie-e 41+i 63+e")) {
            CapMasks masks = CapText.parse(text, lastCap);
            Caps caps = Caps.parse(text);
            assertEquals(masks, new CapMasks(caps.effective().mask(), caps.permitted().mask(),
                    caps.inheritable().mask()), text);
            assertEquals(CapText.format(masks, lastCap), caps.toString(), text);
        }
        for (String text : List.of("", "!%cap_chown,^cap_kill", "cap_chown,!^63", "^1,!2,%3")) {
            IabMasks masks = IabText.parse(text);
            Iab iab = Iab.parse(text);
            assertEquals(masks, new IabMasks(iab.inheritable().mask(), iab.ambient().mask(),
                    iab.blocked().mask()), text);
            assertEquals(IabText.format(masks, lastCap), iab.toString(), text);
        }
    }

    private static void assertSame(TextSyntaxException codec, CapabilityFormatException e) {
        assertEquals(codec.input(), e.input());
        assertEquals(codec.position(), e.position());
        assertEquals(codec.reason(), e.reason());
        assertEquals(new CapabilityFormatException(codec.input(), codec.position(),
                codec.reason()).getMessage(), e.getMessage());
        TextSyntaxException cause = assertInstanceOf(TextSyntaxException.class, e.getCause());
        assertEquals(codec.getMessage(), cause.getMessage());
    }
}
