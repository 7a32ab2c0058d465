/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kernel does with the file caps FileCaps writes: copies of {@code cat} read their own
 * {@code /proc/self/status} as {@code nobody}. V2 caps are granted (the control), V3 caps for the
 * namespace rooted at uid 1000 grant nothing on the host. And without CAP_SETFCAP a write is
 * refused with an AccessDeniedException that names the capability.
 */
class FileCapsExecTest {
    private static final String NET_RAW = String.format("%016x", 1L << 13);
    private static final String NONE = "0000000000000000";

    @TempDir
    Path dir;

    private List<String> asNobody() {
        Privileged.requireRoot();
        return List.of(Privileged.requireTool("setpriv").toString(), "--reuid=65534",
                "--regid=65534", "--clear-groups");
    }

    private Path catCopy(String name) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = dir.resolve(name);
        Files.copy(Path.of("/bin/cat"), copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        return copy;
    }

    /** CapPrm and CapEff of {@code program} run as nobody, printed by itself. */
    private Map<String, String> statusAsNobody(Path program) {
        List<String> command = new java.util.ArrayList<>(asNobody());
        command.addAll(List.of(program.toString(), "/proc/self/status"));
        String status = ChildJvm.exec(command).assertSuccess().stdout();
        return status.lines().filter(l -> l.startsWith("Cap") || l.startsWith("Uid:"))
                .map(l -> l.split(":\\s*", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1].strip()));
    }

    @Test
    void v2CapsAreGrantedButV3CapsForAnotherNamespaceGrantNothingOnTheHost() throws IOException {
        List<String> prefix = asNobody();
        assertTrue(Bounding.read().contains(Capability.NET_RAW), "cap_net_raw in our bounding set");
        Caps netRaw = Caps.parse("cap_net_raw+ep");

        Path v2 = catCopy("cat-v2");
        FileCaps.of(netRaw).write(v2);
        Path v3 = catCopy("cat-v3");
        FileCaps.of(netRaw, 1000).write(v3);
        assertEquals(FileCaps.Revision.V3, FileCaps.read(v3).orElseThrow().revision());
        Path plain = catCopy("cat-plain");

        Map<String, String> control = statusAsNobody(v2);
        assertTrue(control.get("Uid").startsWith("65534"), control + " via " + prefix);
        assertEquals(NET_RAW, control.get("CapPrm"), "control: v2 file caps are granted " + control);
        assertEquals(NET_RAW, control.get("CapEff"), control.toString());

        Map<String, String> namespaced = statusAsNobody(v3);
        assertEquals(NONE, namespaced.get("CapPrm"), "v3 rootid 1000 grants nothing " + namespaced);
        assertEquals(NONE, namespaced.get("CapEff"), namespaced.toString());

        assertEquals(NONE, statusAsNobody(plain).get("CapPrm"), "and nothing without file caps");
    }

    @Test
    void writingWithoutCapSetfcapIsAccessDeniedNamingTheCapability() throws IOException {
        List<String> prefix = asNobody();
        Path file = catCopy("nobodys");
        ChildJvm.exec(List.of("chown", "65534:65534", file.toString())).assertSuccess();
        ChildJvm.Result child = ChildJvm.run(prefix, FileCapsWriteMain.class, file.toString(),
                "cap_net_raw+ep").assertSuccess();
        assertTrue(child.stdout().startsWith("java.nio.file.AccessDeniedException|" + file
                + ": setxattr security.capability: Operation not permitted (EPERM); changing "
                + "file capabilities needs CAP_SETFCAP"), child.stdout());
        assertEquals(Optional.empty(), FileCaps.read(file), "nothing was written");
    }
}
