/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

import java.util.List;

/**
 * Hand-picked texts with what libcap 2.66 makes of them on a kernel whose cap_last_cap is 40.
 * {@link CapTextExamplesTest} holds caps4j to this table; {@code LibcapDifferentialTest} holds
 * the real libcap to it, so no expectation here is unverified.
 */
final class TextExamples {
    /**
     * One row. {@code output}: cap_to_text(cap_from_text(input)), or null when caps4j refuses
     * the input at {@code errorAt} with a reason containing {@code reason}. {@code libcap}: what
     * libcap does with it: the same output, null when it refuses too, or, for the documented
     * strict cases, the output libcap produces while caps4j refuses.
     */
    record Example(String input, String output, int errorAt, String reason, String libcap) {
        boolean strict() {
            return output == null && libcap != null;
        }

        @Override
        public String toString() {
            return escape(input);
        }
    }

    /** The text in quotes with control characters made visible, for test names and messages. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder("'");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\u000b' -> out.append("\\v");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case '\'' -> out.append("\\'");
                default -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c)
                        : String.valueOf(c));
            }
        }
        return out.append('\'').toString();
    }

    static Example valid(String input, String output) {
        return new Example(input, output, -1, null, output);
    }

    static Example invalid(String input, int errorAt, String reason) {
        return new Example(input, null, errorAt, reason, null);
    }

    static Example strict(String input, int errorAt, String reason, String libcap) {
        return new Example(input, null, errorAt, reason, libcap);
    }

    private TextExamples() {}

    /** Capabilities 0..19, to build ties of 20 against 20 (plus one) in a universe of 41. */
    private static final String FIRST_TWENTY = "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19";
    private static final String FIRST_TWENTY_NAMES = "cap_chown,cap_dac_override,"
            + "cap_dac_read_search,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,"
            + "cap_setpcap,cap_linux_immutable,cap_net_bind_service,cap_net_broadcast,"
            + "cap_net_admin,cap_net_raw,cap_ipc_lock,cap_ipc_owner,cap_sys_module,"
            + "cap_sys_rawio,cap_sys_chroot,cap_sys_ptrace";

    static final List<Example> ALL = List.of(
            // DESIGN.md §4
            valid("", "="),
            valid("=ep cap_chown-e", "=ep cap_chown-e"),
            valid("cap_setpcap,cap_chown+ep", "cap_chown,cap_setpcap=ep"),
            valid("cap_chown=ep cap_kill=ep", "cap_chown,cap_kill=ep"),
            valid("=i =p", "=p"),
            valid("all=p+ie-e", "=ip"),
            invalid("cap_chown+E", 10, "expected a flag letter e, i or p after '+'"),
            valid("cap_chown=", "="),
            invalid("=+e", 1, "need a capability list"),
            valid("41+e", "= 41+e"),
            invalid("64+e", 0, "capability number 64 is outside 0..63"),
            strict("010+ep", 0, "leading zero", "cap_setpcap=ep"),
            strict("0x3f+e", 0, "hexadecimal", "= 63+e"),
            // white space, '=' alone, case
            valid(" \t\n\u000b\f\r", "="),
            valid("=", "="),
            valid("= =", "="),
            valid(" \t\u000b\f\r\ncap_chown+e\n", "cap_chown=e"),
            valid("cap_chown=ep\u000bcap_kill=ep", "cap_chown,cap_kill=ep"),
            valid("ALL=ep", "=ep"),
            valid("All+e", "=e"),
            valid("CAP_CHOWN+e cap_Kill+e", "cap_chown,cap_kill=e"),
            // operators
            valid("cap_chown=-e", "="),
            valid("cap_chown=+e-p", "cap_chown=e"),
            valid("cap_chown=p+ie-e", "cap_chown=ip"),
            valid("cap_chown+ee", "cap_chown=e"),
            valid("cap_chown,all-p =e", "=e"),
            valid("=eip cap_chown=", "=eip cap_chown-eip"),
            valid("cap_chown=ep cap_kill+i", "cap_kill=i cap_chown+ep"),
            valid("cap_chown+e cap_chown-e", "="),
            // numbers and bits the kernel does not know
            valid("0+e", "cap_chown=e"),
            valid("40+e", "cap_checkpoint_restore=e"),
            valid("=ep 63+e", "=ep 63+e"),
            valid("=ep 41,42,63-e", "=ep"),
            valid("all,63+p", "=p 63+p"),
            valid("41,42+e 43+p 63+i", "= 63+i 43+p 41,42+e"),
            // "all" replaces the list before it (libcap's forceall assigns): 50 is lost here
            valid("50,all+e", "=e"),
            valid("all,50+e", "=e 50+e"),
            valid("cap_chown,all=p", "=p"),
            valid("=e 41+eip", "=e 41+eip"),
            // ties: the smaller combination number wins (e before p; nothing before ep)
            valid("=e " + FIRST_TWENTY + "=p 20=i", "=e cap_sys_pacct+i-e " + FIRST_TWENTY_NAMES
                    + "+p-e"),
            valid(FIRST_TWENTY + "=ep 20=i", "cap_sys_pacct=i " + FIRST_TWENTY_NAMES + "+ep"),
            // errors libcap shares (it only says EINVAL; the position is ours)
            invalid("cap_chown", 9, "expected ',' or an action '=', '+' or '-'"),
            invalid("cap_chown+", 10, "expected a flag letter e, i or p after '+'"),
            invalid("cap_chown+ e", 10, "expected a flag letter e, i or p after '+'"),
            invalid("cap_chown +e", 9, "expected ',' or an action"),
            invalid("cap_chown=+", 11, "after '=+'"),
            invalid("cap_chown=-", 11, "after '=-'"),
            invalid("cap_chown+e-", 12, "after '-'"),
            invalid("cap_chown+x", 10, "found 'x'"),
            invalid("+e", 0, "expected a capability list before '+'"),
            invalid("-e", 0, "expected a capability list before '-'"),
            invalid("=e+i", 2, "need a capability list"),
            invalid("==", 1, "found '='"),
            invalid("cap_chown=e=p", 11, "found '='"),
            invalid("cap_chown+e,cap_kill+e", 11, "found ','"),
            invalid("cap_chown,+e", 10, "after ','"),
            invalid("cap_chown,,cap_kill+e", 10, "after ','"),
            invalid("cap_chown,", 10, "after ','"),
            invalid("cap_foo+e", 0, "unknown capability name 'cap_foo'"),
            invalid("cap_chown2+e", 0, "unknown capability name 'cap_chown2'"),
            invalid("_+e", 0, "unknown capability name '_'"),
            invalid("!cap_chown", 0, "expected a capability name, a number, 'all' or '='"),
            invalid("cap_chown+e cap_kill", 20, "found the end of the text"),
            invalid("cap_chown\u00a0+e", 9, "not ASCII"),
            invalid("cap_\u212aill+e", 0, "unknown capability name 'cap_'"),
            invalid("18446744073709551616+e", 0, "is outside 0..63"),
            invalid("08+e", 0, "leading zero"),
            invalid("0x+e", 0, "hexadecimal"),
            invalid("0x40+e", 0, "hexadecimal"),
            // the other strict cases: octal and hexadecimal that libcap accepts, NUL
            strict("00+e", 0, "leading zero", "cap_chown=e"),
            strict("0X29+i", 0, "hexadecimal", "= 41+i"),
            strict("cap_chown,010=p", 10, "octal (8); write 8", "cap_chown,cap_setpcap=p"),
            strict("cap_chown+e\u0000cap_kill+e", 11, "NUL", "cap_chown=e"));
}
