/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.caps4j.Capability;
import org.caps4j.CapabilityFormatException;

/** {@code explain [--json] CAP...}: what each capability allows and how it leads to root. */
final class ExplainCommand {
    static final String DETAILS = String.join("\n",
            "CAP is a capability name with or without its cap_ prefix, in any case",
            "(cap_sys_admin, sys_admin, CAP_SYS_ADMIN), or its number (21).",
            "For each one: what the kernel lets its holder do and, if it amounts to root,",
            "the common ways from it to full root.",
            "",
            "  --json   one JSON object: {\"capabilities\": [{\"name\", \"number\", \"allows\",",
            "           \"amounts_to_root\", \"paths_to_root\": [...]}, ...]}",
            "",
            "Example: caps4j explain cap_setuid net_bind_service");

    private static final int WIDTH = 78;

    private ExplainCommand() {}

    static int run(List<String> words, PrintStream out, PrintStream err) {
        Options options = Options.parse(words, "explain", Set.of("--json"));
        if (options.operands().isEmpty()) {
            throw new Subcommand.UsageException(
                    "explain takes one or more capabilities, e.g. explain cap_sys_admin");
        }
        Set<Capability> capabilities = new LinkedHashSet<>();
        for (String operand : options.operands()) {
            capabilities.add(resolve(operand));
        }
        if (options.has("--json")) {
            List<Object> entries = new ArrayList<>();
            capabilities.forEach(c -> entries.add(json(c)));
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("capabilities", entries);
            out.println(Json.write(root));
        } else {
            boolean first = true;
            for (Capability capability : capabilities) {
                if (!first) {
                    out.println();
                }
                first = false;
                printText(capability, out);
            }
        }
        return Main.OK;
    }

    /**
     * The capability {@code operand} names: {@code cap_chown}, {@code chown}, {@code CHOWN} or
     * {@code 0}.
     *
     * @throws Subcommand.UsageException naming the operand if it is none of these
     */
    static Capability resolve(String operand) {
        if (!operand.isEmpty() && operand.length() <= 3
                && operand.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int number = Integer.parseInt(operand);
            return Capability.ofNumber(number).orElseThrow(() -> new Subcommand.UsageException(
                    "capability number " + number + " has no name in caps4j (it "
                    + "knows 0.." + Capability.lastNamed() + ")"));
        }
        String name = operand.regionMatches(true, 0, "cap_", 0, 4) ? operand : "cap_" + operand;
        try {
            return Capability.parse(name);
        } catch (CapabilityFormatException unknown) {
            throw new Subcommand.UsageException("unknown capability '" + operand
                    + "': expected a name such as cap_sys_admin or sys_admin, or a number 0.."
                    + Capability.lastNamed());
        }
    }

    private static Map<String, Object> json(Capability capability) {
        Explanations.Explanation explanation = Explanations.of(capability);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", capability.capName());
        entry.put("number", capability.number());
        entry.put("allows", explanation.allows());
        entry.put("amounts_to_root", explanation.amountsToRoot());
        entry.put("paths_to_root", explanation.pathsToRoot());
        return entry;
    }

    private static void printText(Capability capability, PrintStream out) {
        Explanations.Explanation explanation = Explanations.of(capability);
        out.println(capability.capName() + " (" + capability.number() + ")"
                + (explanation.amountsToRoot() ? ": amounts to root" : ""));
        wrap("  Allows: ", "          ", explanation.allows(), out);
        if (explanation.amountsToRoot()) {
            out.println("  Paths to root:");
            for (String path : explanation.pathsToRoot()) {
                wrap("  - ", "    ", path, out);
            }
        } else {
            out.println("  Not a path to root on its own.");
        }
    }

    /** Prints {@code text} word-wrapped to {@link #WIDTH} columns. */
    static void wrap(String firstIndent, String indent, String text, PrintStream out) {
        StringBuilder line = new StringBuilder(firstIndent);
        int empty = firstIndent.length();
        for (String word : text.split(" ")) {
            if (line.length() > empty && line.length() + 1 + word.length() > WIDTH) {
                out.println(line);
                line = new StringBuilder(indent);
                empty = indent.length();
            }
            if (line.length() > empty) {
                line.append(' ');
            }
            line.append(word);
        }
        out.println(line);
    }
}
