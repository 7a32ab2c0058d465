/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.caps4j.Capability;
import org.caps4j.CapabilitySet;
import org.caps4j.testing.ChildJvm;

/**
 * Reads a unit back through systemd's own parser: {@code systemd-analyze security
 * --offline=true --json=short} reports, for groups of capabilities it names by pattern
 * ({@code CapabilityBoundingSet=~CAP_SYS_(NICE|RESOURCE)}), whether the unit's bounding set
 * excludes the whole group, and whether AmbientCapabilities= and NoNewPrivileges= are in force.
 */
final class SystemdSecurity {
    private static final Pattern BOUNDING_CHECK =
            Pattern.compile("CapabilityBoundingSet=~(CAP_[A-Z_|()*]+)");

    private SystemdSecurity() {}

    static void assertReads(Path analyze, Path unit, CapabilitySet bounding,
            CapabilitySet ambient, boolean noNewPrivs) throws Exception {
        ChildJvm.Result result = ChildJvm.exec(List.of(analyze.toString(), "security",
                "--offline=true", "--json=short", unit.toString()));
        // exit status is the exposure verdict, not success; the JSON is what matters.
        JsonNode checks = new ObjectMapper().readTree(result.stdout());
        int boundingChecks = 0;
        boolean sawAmbient = false;
        boolean sawNoNewPrivs = false;
        for (JsonNode check : checks) {
            String name = check.get("name").asText();
            Matcher bound = BOUNDING_CHECK.matcher(name);
            if (bound.matches()) {
                Pattern group = Pattern.compile(bound.group(1).replace("*", ".*"));
                assertTrue(namesACapability(group), name);
                boolean excluded = bounding.stream().noneMatch(c -> group.matcher(
                        c.capName().toUpperCase(Locale.ROOT)).matches());
                assertEquals(excluded, check.get("set").asBoolean(), unit + ": " + name);
                boundingChecks++;
            } else if (name.equals("AmbientCapabilities=")) {
                assertEquals(ambient.isEmpty(), check.get("set").asBoolean(), unit + ": " + name);
                sawAmbient = true;
            } else if (name.equals("NoNewPrivileges=")) {
                assertEquals(noNewPrivs, check.get("set").asBoolean(), unit + ": " + name);
                sawNoNewPrivs = true;
            }
        }
        assertTrue(boundingChecks >= 20 && sawAmbient && sawNoNewPrivs, result.stdout());
    }

    /** Unused names would make a pattern vacuous; every group must name a real capability. */
    static boolean namesACapability(Pattern group) {
        for (int n = 0; n <= Capability.lastNamed(); n++) {
            if (group.matcher(Capability.ofNumber(n).orElseThrow().capName()
                    .toUpperCase(Locale.ROOT)).matches()) {
                return true;
            }
        }
        return false;
    }
}
