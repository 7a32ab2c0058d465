/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.PrintStream;
import java.util.Arrays;
import org.caps4j.CapabilityException;

/**
 * {@code java -jar caps4j.jar [show | decode <hexmask> | parse <text>]}: the demo and a small
 * diagnostic tool. Without arguments it prints this process's capability state the way
 * {@code capsh --print} does, plus a census of every thread.
 *
 * <p>Exit codes: 0 success, 1 the kernel refused or the shim is unavailable, 2 bad arguments.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_LINE =
            "usage: caps4j [show | decode <hexmask> | parse <capability text>]";

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; separated from {@link #main} so tests can call it in-process. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "show" : args[0];
        String[] operands = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (command) {
                case "show" -> operands.length == 0 ? ShowCommand.run(out) : usage(err, "show takes no arguments");
                case "decode" -> operands.length == 1 ? TextCommands.decode(operands[0], out)
                        : usage(err, "decode takes one hexadecimal mask, e.g. decode 0x400");
                case "parse" -> operands.length >= 1 ? TextCommands.parse(String.join(" ", operands), out)
                        : usage(err, "parse takes capability text, e.g. parse 'cap_net_raw+ep'");
                case "-h", "--help", "help" -> {
                    out.println(USAGE_LINE);
                    yield OK;
                }
                default -> usage(err, "unknown command '" + command + "'");
            };
        } catch (IllegalArgumentException badInput) { // includes CapabilityFormatException
            err.println("caps4j: " + badInput.getMessage());
            err.println(USAGE_LINE);
            return USAGE;
        } catch (CapabilityException refused) {
            err.println("caps4j: " + refused.getMessage());
            return FAILED;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("caps4j: " + problem);
        err.println(USAGE_LINE);
        return USAGE;
    }
}
