/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The subcommand framework: the command list, per-command help, and exit codes. */
class MainTest {
    @Test
    void helpListsEveryCommandAndExits0() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
            Cli cli = Cli.run(args);
            assertEquals(0, cli.exitCode(), cli.toString());
            assertTrue(cli.stdout().startsWith("usage: caps4j"), cli.toString());
            for (String name : List.of("show", "decode", "parse", "explain", "audit", "export")) {
                assertTrue(cli.stdout().lines().anyMatch(l -> l.startsWith("  " + name + " ")),
                        name + " in\n" + cli);
            }
            assertEquals("", cli.stderr());
        }
    }

    @Test
    void everyCommandHasHelpThatExits0() {
        for (Subcommand command : Commands.all()) {
            for (List<String> args : List.of(List.of(command.name(), "--help"),
                    List.of(command.name(), "-h"), List.of("help", command.name()))) {
                Cli cli = Cli.run(args.toArray(String[]::new));
                assertEquals(0, cli.exitCode(), args + "\n" + cli);
                assertTrue(cli.stdout().startsWith("usage: caps4j " + command.name()),
                        args + "\n" + cli);
                assertTrue(cli.stdout().contains(command.summary()), args + "\n" + cli);
                assertTrue(cli.stdout().contains("Exit status: 0 ok, 1 a finding or a failure, "
                        + "2 bad arguments."), args + "\n" + cli);
                assertEquals("", cli.stderr(), args.toString());
            }
        }
    }

    @Test
    void badArgumentsExit2WithTheCommandsUsage() {
        for (String[] args : new String[][] {{"frobnicate"}, {"decode"}, {"decode", "0xzz"},
                {"decode", "1", "2"}, {"parse"}, {"parse", "cap_chown+E"}, {"show", "extra"},
                {"explain"}, {"explain", "--bogus", "cap_chown"}, {"help", "frobnicate"},
                {"audit", "--bogus"}}) {
            Cli cli = Cli.run(args);
            assertEquals(2, cli.exitCode(), String.join(" ", args) + "\n" + cli);
            assertEquals("", cli.stdout(), String.join(" ", args));
            assertTrue(cli.stderr().startsWith("caps4j: "), cli.toString());
            assertTrue(cli.stderr().contains("usage: caps4j"), cli.toString());
        }
        assertTrue(Cli.run("frobnicate").stderr().contains("'frobnicate'"));
        assertTrue(Cli.run("explain").stderr().contains("usage: caps4j explain [--json] CAP..."));
    }

    @Test
    void decodeAndParseAreUnchanged() {
        Cli decode = Cli.run("decode", "0x400");
        assertEquals(0, decode.exitCode(), decode.toString());
        assertEquals("0x0000000000000400=cap_net_bind_service\n", decode.stdout());
        Cli parse = Cli.run("parse", "cap_setpcap,cap_chown+ep");
        assertEquals(0, parse.exitCode(), parse.toString());
        assertEquals(List.of(
                "effective   0x0000000000000101=cap_chown,cap_setpcap",
                "permitted   0x0000000000000101=cap_chown,cap_setpcap",
                "inheritable 0x0000000000000000=",
                "canonical   cap_chown,cap_setpcap=ep"), parse.stdout().lines().toList());
        Cli joined = Cli.run("parse", "cap_chown=ep", "cap_setpcap+i");
        assertEquals(0, joined.exitCode(), joined.toString());
    }
}
