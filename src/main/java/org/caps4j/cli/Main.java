/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.caps4j.CapabilityException;

/**
 * {@code caps4j [COMMAND [ARGS...]]} ({@code java -jar caps4j.jar ...}): the demo and a small
 * tool for sysadmins. Without arguments it prints this process's capability state the way
 * {@code capsh --print} does, plus a census of every thread. {@code caps4j --help} lists the
 * commands, {@code caps4j COMMAND --help} describes one.
 *
 * <p>Exit codes: 0 success, 1 a finding or a failure (the kernel refused, the shim is
 * unavailable, a file could not be read), 2 bad arguments.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_LINE = "usage: caps4j [COMMAND [ARGS...]]   (caps4j --help lists "
            + "the commands)";

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; separated from {@link #main} so tests can call it in-process. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String name = args.length == 0 ? "show" : args[0];
        List<String> operands = args.length == 0 ? List.of()
                : Arrays.asList(args).subList(1, args.length);
        if (List.of("-h", "--help").contains(name)) {
            Help.printCommandList(out);
            return OK;
        }
        if (name.equals("help")) {
            return help(operands, out, err);
        }
        Optional<Subcommand> command = Commands.find(name);
        if (command.isEmpty()) {
            err.println("caps4j: unknown command '" + name + "'; the commands are "
                    + String.join(", ", Commands.names()));
            err.println(USAGE_LINE);
            return USAGE;
        }
        if (operands.contains("--help") || operands.contains("-h")) {
            Help.printCommand(command.get(), out);
            return OK;
        }
        return run(command.get(), operands, out, err);
    }

    private static int run(Subcommand command, List<String> operands, PrintStream out,
            PrintStream err) {
        try {
            return command.action().run(operands, out, err);
        } catch (IllegalArgumentException badInput) { // includes CapabilityFormatException
            err.println("caps4j: " + badInput.getMessage());
            err.println(command.usageLine());
            err.println("Run 'caps4j " + command.name() + " --help' for details.");
            return USAGE;
        } catch (CapabilityException | IOException refused) {
            err.println("caps4j " + command.name() + ": " + refused.getMessage());
            return FAILED;
        }
    }

    /** {@code caps4j help} lists the commands; {@code caps4j help COMMAND} describes one. */
    private static int help(List<String> operands, PrintStream out, PrintStream err) {
        if (operands.isEmpty()) {
            Help.printCommandList(out);
            return OK;
        }
        Optional<Subcommand> command = Commands.find(operands.get(0));
        if (operands.size() > 1 || command.isEmpty()) {
            err.println("caps4j: help takes one command name, one of "
                    + String.join(", ", Commands.names()));
            err.println(USAGE_LINE);
            return USAGE;
        }
        Help.printCommand(command.get(), out);
        return OK;
    }
}
