/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;

/** Every {@code caps4j} subcommand, in the order {@code caps4j --help} lists them. */
final class Commands {
    private static final List<Subcommand> ALL = List.of(
            new Subcommand("show", "[--json] [--getpcaps] [PID...]", "capabilities of this "
                    + "process, like capsh --print, or of PIDs",
                    "Without PID: the lines capsh --print prints (Current, Bounding set, Ambient\n"
                    + "set, Current IAB, Securebits, uid/gid/groups), the user namespace, the\n"
                    + "raw masks, and a census of all threads. With PIDs, for each: the line\n"
                    + "getpcaps prints ('PID: TEXT'), the lines capsh --print would print\n"
                    + "inside it (Current, Bounding set, Ambient set, Current IAB,\n"
                    + "uid/gid/groups; Securebits only for caps4j's own pid: no other process\n"
                    + "can read them), its user namespace, and the threads whose credentials\n"
                    + "differ from the main thread's. A process that does not exist is\n"
                    + "reported (exit 1).\n"
                    + "\n"
                    + "  --getpcaps  with PIDs: only the getpcaps lines, as getpcaps prints them\n"
                    + "  --json   without PID: current, effective, permitted, inheritable,\n"
                    + "           bounding, ambient ({mask, names}), securebits, securebits_set,\n"
                    + "           no_new_privs, uids, gids, groups, threads; with PIDs:\n"
                    + "           {\"processes\": [{pid, current, effective, permitted,\n"
                    + "           inheritable, bounding, ambient, iab, securebits (null if\n"
                    + "           unreadable), no_new_privs, uids, gids, groups, user_namespace\n"
                    + "           {id, initial}, threads {count, differing [{tid, name,\n"
                    + "           differs}]}}], \"errors\": [{pid, error}]}",
                    ShowPids::run),
            new Subcommand("decode", "[--json] HEXMASK", "name the capabilities in a mask, like "
                    + "capsh --decode",
                    "HEXMASK is 1 to 16 hexadecimal digits, with or without 0x, as\n"
                    + "/proc/PID/status prints CapEff and friends. Example: caps4j decode 0x400\n"
                    + "\n"
                    + "  --json   {\"mask\": \"0x0000000000000400\", \"names\": "
                    + "[\"cap_net_bind_service\"]}",
                    (words, out, err) -> {
                        Options options = Options.parse(words, "decode", Set.of("--json"));
                        List<String> operands = options.operands();
                        if (operands.size() != 1) {
                            throw new Subcommand.UsageException(
                                    "decode takes one hexadecimal mask, e.g. decode 0x400");
                        }
                        if (options.has("--json")) {
                            out.println(Json.write(JsonReports.set(CapabilitySet.fromMask(
                                    TextCommands.parseHexMask(operands.get(0))))));
                            return Main.OK;
                        }
                        return TextCommands.decode(operands.get(0), out);
                    }),
            new Subcommand("parse", "[--json] TEXT...", "the masks and canonical form of "
                    + "capability text",
                    "TEXT is libcap's text form (cap_from_text(3)); several words are joined by\n"
                    + "spaces. Example: caps4j parse 'cap_setpcap,cap_chown+ep'\n"
                    + "\n"
                    + "  --json   {\"effective\", \"permitted\", \"inheritable\": {mask, names},"
                    + "\n           \"canonical\"}",
                    (words, out, err) -> {
                        boolean json = !words.isEmpty() && words.get(0).equals("--json");
                        List<String> operands = json ? words.subList(1, words.size()) : words;
                        if (operands.isEmpty()) {
                            throw new Subcommand.UsageException(
                                    "parse takes capability text, e.g. parse 'cap_net_raw+ep'");
                        }
                        if (json) {
                            out.println(Json.write(JsonReports.parsed(
                                    Caps.parse(String.join(" ", operands)))));
                            return Main.OK;
                        }
                        return TextCommands.parse(String.join(" ", operands), out);
                    }),
            new Subcommand("explain", "[--json] CAP...", "what capabilities allow and how they "
                    + "lead to root",
                    ExplainCommand.DETAILS, ExplainCommand::run),
            new Subcommand("audit", "[--json] [PATH...]", "files with capabilities, like getcap "
                    + "-r, flagged by risk", AuditCommand.DETAILS, AuditCommand::run),
            new Subcommand("export", "[--json] (--pid PID | TEXT...) --to FORMAT", "systemd lines, "
                    + "setpriv/capsh command, launch policy for PID or text",
                    ExportCommand.DETAILS, ExportCommand::run));

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
