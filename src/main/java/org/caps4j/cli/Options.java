/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A subcommand's operands split into flags and the rest: {@code --json} anywhere, {@code --}
 * ends the flags, and any other word starting with {@code -} is a usage error naming it.
 */
final class Options {
    private final Set<String> flags = new TreeSet<>();
    private final List<String> operands = new ArrayList<>();

    private Options() {}

    /**
     * Splits {@code words}, accepting only the {@code allowed} flags.
     *
     * @throws Subcommand.UsageException naming the first unknown option
     */
    static Options parse(List<String> words, String command, Set<String> allowed) {
        Options options = new Options();
        boolean flagsEnded = false;
        for (String word : words) {
            if (!flagsEnded && word.equals("--")) {
                flagsEnded = true;
            } else if (!flagsEnded && word.startsWith("-") && word.length() > 1) {
                if (!allowed.contains(word)) {
                    throw new Subcommand.UsageException(command + " has no option '" + word
                            + "'" + (allowed.isEmpty() ? "" : " (known: "
                            + String.join(", ", new TreeSet<>(allowed)) + ")"));
                }
                options.flags.add(word);
            } else {
                options.operands.add(word);
            }
        }
        return options;
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    List<String> operands() {
        return List.copyOf(operands);
    }
}
