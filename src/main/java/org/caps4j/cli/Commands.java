/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.util.List;
import java.util.Optional;

/** Every {@code caps4j} subcommand, in the order {@code caps4j --help} lists them. */
final class Commands {
    private static final List<Subcommand> ALL = List.of(
            new Subcommand("show", "", "this process's capabilities, like capsh --print",
                    "Prints the lines capsh --print prints (Current, Bounding set, Ambient set,\n"
                    + "Securebits, uid/gid/groups), the raw masks, and a census of all threads.",
                    (operands, out, err) -> {
                        if (!operands.isEmpty()) {
                            throw new Subcommand.UsageException("show takes no arguments");
                        }
                        return ShowCommand.run(out);
                    }),
            new Subcommand("decode", "HEXMASK", "name the capabilities in a mask, like capsh "
                    + "--decode",
                    "HEXMASK is 1 to 16 hexadecimal digits, with or without 0x, as\n"
                    + "/proc/PID/status prints CapEff and friends. Example: caps4j decode 0x400",
                    (operands, out, err) -> {
                        if (operands.size() != 1) {
                            throw new Subcommand.UsageException(
                                    "decode takes one hexadecimal mask, e.g. decode 0x400");
                        }
                        return TextCommands.decode(operands.get(0), out);
                    }),
            new Subcommand("parse", "TEXT...", "the masks and canonical form of capability text",
                    "TEXT is libcap's text form (cap_from_text(3)); several words are joined by\n"
                    + "spaces. Example: caps4j parse 'cap_setpcap,cap_chown+ep'",
                    (operands, out, err) -> {
                        if (operands.isEmpty()) {
                            throw new Subcommand.UsageException(
                                    "parse takes capability text, e.g. parse 'cap_net_raw+ep'");
                        }
                        return TextCommands.parse(String.join(" ", operands), out);
                    }),
            new Subcommand("explain", "[--json] CAP...", "what capabilities allow and how they "
                    + "lead to root",
                    ExplainCommand.DETAILS, ExplainCommand::run),
            new Subcommand("audit", "[--json] [PATH...]", "files with capabilities, like getcap "
                    + "-r, flagged by risk", AuditCommand.DETAILS, AuditCommand::run));

    private Commands() {}

    static List<Subcommand> all() {
        return ALL;
    }

    static List<String> names() {
        return ALL.stream().map(Subcommand::name).toList();
    }

    static Optional<Subcommand> find(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
