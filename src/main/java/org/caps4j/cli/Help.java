/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.PrintStream;

/** The text of {@code caps4j --help} and {@code caps4j COMMAND --help}. */
final class Help {
    private Help() {}

    static void printCommandList(PrintStream out) {
        out.println(Main.USAGE_LINE);
        out.println();
        out.println("Commands:");
        for (Subcommand command : Commands.all()) {
            out.printf("  %-9s %s%n", command.name(), command.summary());
        }
        out.println();
        out.println("Run 'caps4j COMMAND --help' for a command's operands and output.");
        out.println("Exit status: 0 ok, 1 a finding or a failure, 2 bad arguments.");
    }

    static void printCommand(Subcommand command, PrintStream out) {
        out.println(command.usageLine());
        out.println();
        out.println(command.summary());
        if (!command.details().isEmpty()) {
            out.println();
            command.details().lines().forEach(out::println);
        }
        out.println();
        out.println("Exit status: 0 ok, 1 a finding or a failure, 2 bad arguments.");
    }
}
