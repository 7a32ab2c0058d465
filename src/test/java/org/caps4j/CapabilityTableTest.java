/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.caps4j.internal.text.CapabilityNames;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * The enum and the internal name table ({@link CapabilityNames}, which the text codec and the
 * enum's names come from) are the kernel's table: names and numbers checked against
 * {@code <linux/capability.h>}, and against each other.
 */
class CapabilityTableTest {
    private static final Path HEADER = Path.of("/usr/include/linux/capability.h");
    private static final Pattern DEFINE = Pattern.compile("^#define\\s+CAP_([A-Z_]+)\\s+(\\d+)\\s*$");

    @Test
    void matchesTheKernelHeader() throws Exception {
        Privileged.require(Files.isReadable(HEADER), "needs " + HEADER + " (package linux-libc-dev)");
        Map<Integer, String> header = new TreeMap<>();
        for (String line : Files.readAllLines(HEADER)) {
            Matcher m = DEFINE.matcher(line);
            if (m.matches() && !m.group(1).equals("LAST_CAP")) {
                header.put(Integer.parseInt(m.group(2)), m.group(1));
            }
        }
        Map<Integer, String> ours = new TreeMap<>();
        for (Capability c : Capability.values()) {
            ours.put(c.number(), c.name());
        }
        // The header may be older than the enum (Debian 12 ships 6.1 headers, which name all
        // 41); every capability it names must be ours with the same number.
        header.forEach((number, name) -> assertEquals(name, ours.get(number), "CAP_" + name));
        assertEquals(header.size(), Math.min(header.size(), ours.size()));
        assertEquals(40, Capability.lastNamed());
        // The same for the internal table, by name and by number.
        header.forEach((number, name) -> {
            assertEquals("cap_" + name.toLowerCase(Locale.ROOT), CapabilityNames.name(number),
                    "CAP_" + name);
            assertEquals(number, CapabilityNames.numberOf("CAP_" + name), "CAP_" + name);
        });
        assertEquals(header.size(), Math.min(header.size(), CapabilityNames.lastNamed() + 1));
        assertEquals(40, CapabilityNames.lastNamed());
    }

    /** Every constant is the table's entry for its number, and the table names nothing more. */
    @Test
    void enumAndNameTableAgree() {
        assertEquals(Capability.lastNamed(), CapabilityNames.lastNamed());
        for (Capability c : Capability.values()) {
            assertEquals("cap_" + c.name().toLowerCase(Locale.ROOT), c.capName(), c.name());
            assertEquals(CapabilityNames.name(c.number()), c.capName(), c.name());
            assertEquals(c.number(), CapabilityNames.numberOf(c.capName()), c.name());
            assertEquals(c.number(), CapabilityNames.numberOf("CAP_" + c.name()), c.name());
        }
        for (int number = Capability.lastNamed() + 1; number < Long.SIZE; number++) {
            assertEquals(Integer.toString(number), CapabilityNames.name(number));
        }
        assertEquals(-1, CapabilityNames.numberOf("cap_\u212Aill"));
        assertEquals(-1, CapabilityNames.numberOf("chown"));
        assertEquals(-1, CapabilityNames.numberOf(""));
    }

    @Test
    void namesAreLibcapNames() {
        assertEquals("cap_net_bind_service", Capability.NET_BIND_SERVICE.capName());
        assertEquals(10, Capability.NET_BIND_SERVICE.number());
        assertEquals("cap_checkpoint_restore", Capability.CHECKPOINT_RESTORE.toString());
    }

    @Test
    void parseIsCaseInsensitiveForAsciiOnly() {
        assertEquals(Capability.CHOWN, Capability.parse("cap_chown"));
        assertEquals(Capability.CHOWN, Capability.parse("CAP_CHOWN"));
        assertEquals(Capability.KILL, Capability.parse("Cap_Kill"));
        // U+212A KELVIN SIGN lower-cases to 'k' in Unicode; C's tolower does not accept it.
        assertThrows(CapabilityFormatException.class, () -> Capability.parse("cap_\u212Aill"));
        assertThrows(CapabilityFormatException.class, () -> Capability.parse("chown"));
        assertThrows(CapabilityFormatException.class, () -> Capability.parse("cap_chown "));
        assertThrows(NullPointerException.class, () -> Capability.parse(null));
    }

    @Test
    void ofNumberCoversExactlyTheNamedRange() {
        for (Capability c : Capability.values()) {
            assertEquals(c, Capability.ofNumber(c.number()).orElseThrow());
        }
        assertEquals(java.util.Optional.empty(), Capability.ofNumber(41));
        assertEquals(java.util.Optional.empty(), Capability.ofNumber(-1));
    }
}
