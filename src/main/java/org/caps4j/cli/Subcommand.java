/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * One {@code caps4j} subcommand: its name, the operands it takes, a one-line summary for
 * {@code caps4j --help} and the text {@code caps4j NAME --help} prints.
 *
 * @param name what the user types, e.g. {@code explain}
 * @param synopsis the operands and options, e.g. {@code [--json] CAP...}
 * @param summary one line for the command list
 * @param details the rest of the help text, lines without a trailing newline
 * @param action what runs, given the operands after the name
 */
record Subcommand(String name, String synopsis, String summary, String details, Action action) {

    /** The body of a subcommand; {@link UsageException} means bad operands (exit 2). */
    @FunctionalInterface
    interface Action {
        int run(List<String> operands, PrintStream out, PrintStream err) throws IOException;
    }

    /** {@code usage: caps4j NAME SYNOPSIS}. */
    String usageLine() {
        return "usage: caps4j " + name + (synopsis.isEmpty() ? "" : " " + synopsis);
    }

    /** Thrown by an action for operands it cannot use; the message names the bad input. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
