/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.caps4j.testing.TestScratch;
import org.junit.jupiter.api.Test;

/** {@code show --json}, {@code decode --json} and {@code parse --json}, read back with jq. */
class JsonReportsTest {
    private static List<String> jq(String json, String filter) throws Exception {
        Path file = TestScratch.file("caps4j-report-", ".json");
        Files.writeString(file, json);
        return ChildJvm.exec(List.of(Privileged.requireTool("jq").toString(), "-r", filter,
                file.toString())).assertSuccess().stdout().lines().toList();
    }

    /** The masks, no_new_privs and ids are the kernel's, as /proc/PID/status prints them. */
    @Test
    void showMatchesProcStatus() throws Exception {
        Cli cli = Cli.run("show", "--json");
        assertEquals(0, cli.exitCode(), cli.toString());
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        List<String> expected = new ArrayList<>();
        for (String field : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
            expected.add("0x" + value(status, field));
        }
        expected.add(value(status, "NoNewPrivs").equals("1") ? "true" : "false");
        expected.add(value(status, "Uid").replaceAll("\\s+", " "));
        expected.add(value(status, "Gid").replaceAll("\\s+", " "));
        assertEquals(expected, jq(cli.stdout(), ".inheritable.mask, .permitted.mask, "
                + ".effective.mask, .bounding.mask, .ambient.mask, .no_new_privs, "
                + "(.uids | [.real, .effective, .saved, .filesystem] | join(\" \")), "
                + "(.gids | [.real, .effective, .saved, .filesystem] | join(\" \"))"));
        assertEquals(List.of("true"), jq(cli.stdout(), ".threads.count > 1"));
    }

    private static String value(List<String> status, String field) {
        return status.stream().filter(l -> l.startsWith(field + ":")).findFirst().orElseThrow()
                .substring(field.length() + 1).trim();
    }

    @Test
    void decodeNamesTheSameCapabilitiesAsCapsh() throws Exception {
        for (String mask : List.of("0x0", "0x400", "0x000001ffffffffff", "ffffffffffffffff",
                "0x8000000000000001")) {
            String capsh = ChildJvm.exec(List.of(Privileged.requireTool("capsh").toString(),
                    "--decode=" + mask)).assertSuccess().stdout().trim();
            Cli cli = Cli.run("decode", "--json", mask);
            assertEquals(0, cli.exitCode(), cli.toString());
            assertEquals(List.of(capsh), jq(cli.stdout(), "\"\\(.mask)=\\(.names | join(\",\"))\""),
                    mask);
        }
    }

    @Test
    void parseGivesTheSetsAndTheCanonicalText() throws Exception {
        Cli cli = Cli.run("parse", "--json", "cap_setpcap,cap_chown+ep", "cap_kill+i");
        assertEquals(0, cli.exitCode(), cli.toString());
        List<String> text = Cli.run("parse", "cap_setpcap,cap_chown+ep", "cap_kill+i").stdout()
                .lines().map(l -> l.substring(12)).toList();
        assertEquals(text, jq(cli.stdout(), "(.effective, .permitted, .inheritable | "
                + "\"\\(.mask)=\\(.names | join(\",\"))\"), .canonical"));
        assertEquals(2, Cli.run("show", "--json", "extra").exitCode());
        assertEquals(2, Cli.run("decode", "--json").exitCode());
        assertEquals(2, Cli.run("parse", "--json").exitCode());
    }
}
