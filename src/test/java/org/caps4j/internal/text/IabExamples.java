/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.List;

/**
 * Hand-picked IAB texts with what caps4j and libcap 2.66 make of them on a kernel whose
 * cap_last_cap is 40. {@code IabTextTest} holds caps4j to this table, {@code IabLibcapTest}
 * holds the real libcap to it.
 */
final class IabExamples {
    /**
     * {@code output}: caps4j's toString(parse(input)), or null when caps4j refuses the input at
     * {@code errorAt} with a reason containing {@code reason}. {@code libcap}:
     * cap_iab_to_text(cap_iab_from_text(input)), or null when libcap refuses it.
     */
    record Example(String input, String output, int errorAt, String reason, String libcap) {
        @Override
        public String toString() {
            return TextExamples.escape(input);
        }
    }

    private static Example same(String input, String output) {
        return new Example(input, output, -1, null, output);
    }

    private static Example bothRefuse(String input, int at, String reason) {
        return new Example(input, null, at, reason, null);
    }

    /** caps4j refuses on purpose what libcap reads as {@code libcap}. */
    private static Example strict(String input, int at, String reason, String libcap) {
        return new Example(input, null, at, reason, libcap);
    }

    static final List<Example> ALL = List.of(
            same("", ""),
            same("cap_chown", "cap_chown"),
            same("%cap_chown", "cap_chown"),
            same("^cap_chown", "^cap_chown"),
            same("!cap_chown", "!cap_chown"),
            same("!%cap_chown", "!%cap_chown"),
            same("%!cap_chown", "!%cap_chown"),
            same("!^cap_chown", "!^cap_chown"),
            same("^%cap_chown", "^cap_chown"),
            same("^^!!cap_chown", "!^cap_chown"),
            same("!cap_net_raw,^cap_net_bind_service", "^cap_net_bind_service,!cap_net_raw"),
            same("cap_kill,cap_chown,cap_kill", "cap_chown,cap_kill"),
            same("cap_chown,!cap_chown", "!%cap_chown"),
            same("^cap_chown,!cap_chown", "!^cap_chown"),
            same("!cap_chown,cap_chown", "!%cap_chown"),
            same("CAP_CHOWN,Cap_Kill", "cap_chown,cap_kill"),
            same("0,1,40", "cap_chown,cap_dac_override,cap_checkpoint_restore"),
            same("cap_chown,", "cap_chown"),
            same("!cap_sys_resource", "!cap_sys_resource"),
            // Above cap_last_cap: libcap's parser accepts 0..63, its output leaves them out.
            new Example("41", "41", -1, null, ""),
            new Example("!^63,cap_chown", "cap_chown,!^63", -1, null, "cap_chown"),
            bothRefuse("64", 0, "outside 0..63"),
            bothRefuse("18446744073709551616", 0, "outside 0..63"),
            bothRefuse("all", 0, "'all' is not allowed"),
            bothRefuse("!ALL", 1, "'all' is not allowed"),
            bothRefuse(" cap_chown", 0, "white space"),
            bothRefuse("cap_chown ", 9, "white space"),
            bothRefuse("cap_chown;cap_kill", 9, "expected ','"),
            bothRefuse(",cap_chown", 0, "found ','"),
            bothRefuse("cap_chown,,cap_kill", 10, "found ','"),
            bothRefuse("!,cap_chown", 1, "found ','"),
            bothRefuse("cap_foo", 0, "unknown capability name 'cap_foo'"),
            bothRefuse("cap_chown5", 0, "unknown capability name"),
            bothRefuse("5cap_chown", 1, "expected ','"),
            bothRefuse("+cap_chown", 0, "found '+'"),
            bothRefuse("cap_chown=e", 9, "found '='"),
            bothRefuse("-1", 0, "found '-'"),
            strict("!", 0, "not followed by a capability", ""),
            strict("cap_chown,^%", 10, "not followed by a capability", "cap_chown"),
            strict("010", 0, "only plain decimal", "cap_setpcap"),
            strict("!0x1f", 1, "only plain decimal", "!cap_setfcap"),
            strict("cap_chown\0cap_kill", 9, "NUL", "cap_chown"));
}
