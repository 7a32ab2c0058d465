/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.caps4j.Capability;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/** {@code caps4j explain}: name forms, the root-equivalent set, text and JSON output. */
class ExplainCommandTest {
    /** The capabilities the issue requires to be explained as leading to root, at least. */
    private static final Set<Capability> MUST_AMOUNT_TO_ROOT = EnumSet.of(Capability.SYS_ADMIN,
            Capability.DAC_OVERRIDE, Capability.DAC_READ_SEARCH, Capability.SETUID,
            Capability.SETGID, Capability.SYS_MODULE, Capability.SYS_PTRACE,
            Capability.SYS_RAWIO, Capability.CHOWN, Capability.FOWNER, Capability.SETFCAP,
            Capability.SETPCAP, Capability.BPF, Capability.NET_ADMIN, Capability.SYS_BOOT);

    @Test
    void everyCapabilityIsExplained() {
        for (Capability capability : Capability.values()) {
            Explanations.Explanation e = Explanations.of(capability);
            assertTrue(e != null && e.allows().endsWith("."), capability.toString());
            e.pathsToRoot().forEach(p -> assertTrue(p.endsWith("."), p));
            assertEquals(MUST_AMOUNT_TO_ROOT.contains(capability)
                    || capability == Capability.MKNOD, e.amountsToRoot(), capability.toString());
        }
    }

    @Test
    void acceptsNamesWithOrWithoutPrefixInAnyCaseAndNumbers() {
        for (String form : List.of("cap_sys_admin", "sys_admin", "CAP_SYS_ADMIN", "Sys_Admin",
                "21", "021")) {
            assertEquals(Capability.SYS_ADMIN, ExplainCommand.resolve(form), form);
        }
        assertEquals(Capability.CHOWN, ExplainCommand.resolve("0"));
        assertEquals(Capability.CHECKPOINT_RESTORE, ExplainCommand.resolve("40"));
    }

    @Test
    void unknownInputExits2NamingIt() {
        for (String bad : List.of("cap_foo", "foo", "", "cap_", "41", "63", "64", "-1x",
                "0x15", "sys admin", "cap_chown,cap_kill", "ｃａｐ_ｃｈｏｗｎ")) {
            Cli cli = Cli.run("explain", "cap_chown", "--", bad);
            assertEquals(2, cli.exitCode(), bad + "\n" + cli);
            assertEquals("", cli.stdout(), bad);
            String first = cli.stderr().lines().findFirst().orElseThrow();
            assertTrue(first.startsWith("caps4j: ") && first.contains("'" + bad + "'")
                    || first.contains(" " + bad + " "), bad + "\n" + cli);
        }
        assertEquals("caps4j: unknown capability 'cap_foo': expected a name such as "
                + "cap_sys_admin or sys_admin, or a number 0..40",
                Cli.run("explain", "cap_foo").stderr().lines().findFirst().orElseThrow());
        assertEquals("caps4j: capability number 41 has no name in caps4j (it knows 0..40)",
                Cli.run("explain", "41").stderr().lines().findFirst().orElseThrow());
    }

    @Test
    void textOutput() {
        Cli cli = Cli.run("explain", "setuid", "cap_kill", "7");
        assertEquals(0, cli.exitCode(), cli.toString());
        assertEquals(List.of(
                "cap_setuid (7): amounts to root",
                "  Allows: Set any real, effective and saved user IDs (setuid(2) and",
                "          relatives); forge a uid in SCM_CREDENTIALS; write a user namespace's",
                "          uid_map.",
                "  Paths to root:",
                "  - Call setuid(0): the process becomes root, and on its next execve(2) it",
                "    gets every capability in the bounding set (unless SECBIT_NOROOT is set).",
                "",
                "cap_kill (5)",
                "  Allows: Send any signal to any process, whoever runs it.",
                "  Not a path to root on its own."), cli.stdout().lines().toList());
    }

    @Test
    void textLinesFitATerminal() {
        String[] all = new String[Capability.values().length + 1];
        all[0] = "explain";
        for (Capability c : Capability.values()) {
            all[c.number() + 1] = c.capName();
        }
        Cli cli = Cli.run(all);
        assertEquals(0, cli.exitCode(), cli.toString());
        cli.stdout().lines().forEach(l -> assertTrue(l.length() <= 78, l));
        assertEquals(Capability.values().length,
                cli.stdout().lines().filter(l -> l.startsWith("cap_")).count());
    }

    /** The JSON is what jq reads back: names, numbers, flags and every text, unchanged. */
    @Test
    void jsonOutputParsesWithJq() throws Exception {
        Path jq = Privileged.requireTool("jq");
        Cli cli = Cli.run("explain", "--json", "cap_sys_admin", "kill");
        assertEquals(0, cli.exitCode(), cli.toString());
        assertEquals(1, cli.stdout().lines().count(), cli.stdout());
        Path file = Files.createTempFile("caps4j-explain-", ".json");
        try {
            Files.writeString(file, cli.stdout());
            List<String> rows = ChildJvm.exec(List.of(jq.toString(), "-r",
                    ".capabilities[] | [.name, .number, .amounts_to_root, (.paths_to_root"
                            + " | length), .allows] | @tsv", file.toString()))
                    .assertSuccess().stdout().lines().toList();
            assertEquals(List.of(
                    "cap_sys_admin\t21\ttrue\t" + Explanations.of(Capability.SYS_ADMIN)
                            .pathsToRoot().size() + "\t"
                            + Explanations.of(Capability.SYS_ADMIN).allows(),
                    "cap_kill\t5\tfalse\t0\t" + Explanations.of(Capability.KILL).allows()),
                    rows);
            assertEquals(List.of("capabilities", "name,number,allows,amounts_to_root,"
                    + "paths_to_root"), ChildJvm.exec(List.of(jq.toString(), "-r",
                    "(keys_unsorted | join(\",\")), (.capabilities[0] | keys_unsorted"
                            + " | join(\",\"))", file.toString()))
                    .assertSuccess().stdout().lines().toList());
            assertEquals(Explanations.of(Capability.SYS_ADMIN).pathsToRoot(),
                    ChildJvm.exec(List.of(jq.toString(), "-r",
                            ".capabilities[0].paths_to_root[]", file.toString()))
                    .assertSuccess().stdout().lines().toList());
        } finally {
            Files.delete(file);
        }
    }
}
