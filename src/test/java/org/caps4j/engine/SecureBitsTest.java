/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/** L10/L11: securebits lock and no_new_privs, in fresh child JVMs as root (see {@link SecureBitsMain}). */
class SecureBitsTest {
    /** NOROOT | NOROOT_LOCKED | NO_SETUID_FIXUP | NO_SETUID_FIXUP_LOCKED. */
    private static final int LOCK = 0x0f;
    private static final int KEEP_CAPS = 0x10;
    private static final String NET_RAW = "0000000000002000";
    private static final String ZERO = "0000000000000000";

    private record Child(ChildJvm.Result result, Map<String, String> out) {
        String get(String key) {
            return ChildOutput.get(out, key, result);
        }

        void everyTask(String label, String field, String value) {
            String tasks = get("census." + label + ".tasks");
            assertEquals(value + "x" + tasks, get("census." + label + "." + field),
                    field + " on every task\n" + result.stdout());
        }

        /** Main's and every worker's own securebits (each read on that thread). */
        void securebits(String label, int expected) {
            assertEquals(Integer.toString(expected), get(label + ".main.securebits"), label);
            assertEquals("[" + expected + "]", get(label + ".workers.securebits"), label);
        }
    }

    private static Child run(String... args) {
        Privileged.requireRoot();
        ChildJvm.Result result = ChildJvm.run(SecureBitsMain.class, args).assertSuccess();
        return new Child(result, ChildOutput.parse(result));
    }

    @Test
    void l10LockSetsTheFourBitsAndNoNewPrivsOnEveryThreadAndKeepsKeepCaps() {
        Privileged.requireTool("capsh");
        Child child = run("lock");
        child.securebits("before", KEEP_CAPS);
        child.everyTask("before", "NoNewPrivs", "0");
        child.securebits("locked", KEEP_CAPS | LOCK);
        child.everyTask("locked", "NoNewPrivs", "1");
        // An exec'd program inherits the locked bits and no_new_privs; the kernel clears
        // KEEP_CAPS at execve. With NOROOT set, root's capsh starts with no capabilities.
        String capsh = child.get("locked.capsh");
        assertTrue(capsh.contains("/0xf/") && capsh.contains("no-new-privs=1"), capsh);
        child.everyTask("locked", "CapEff", child.get("census.before.CapEff")
                .replaceAll("x\\d+$", ""));
    }

    @Test
    void l10SecondLockIsANoOp() {
        Child child = run("lock");
        child.securebits("second", KEEP_CAPS | LOCK);
        child.everyTask("second", "NoNewPrivs", "1");
    }

    @Test
    void l11ClearingALockedBitIsEpermAndChangesNothing() {
        Child child = run("lock");
        for (String attempt : List.of("clearFlag", "clearLock")) {
            String outcome = child.get(attempt);
            assertTrue(outcome.startsWith("CapabilityPermissionException|EPERM|")
                    && outcome.contains("locked"), attempt + ": " + outcome);
        }
        assertTrue(child.get("clearFlag").contains("NOROOT"), child.get("clearFlag"));
        String unnamed = child.get("unnamed");
        assertTrue(unnamed.startsWith("IllegalArgumentException") && unnamed.contains("0x100"),
                unnamed);
        child.securebits("final", KEEP_CAPS | LOCK);
        child.everyTask("final", "NoNewPrivs", "1");
    }

    @Test
    void withoutSetpcapSecurebitsAreRefusedButNoNewPrivsAndKeepCapsNeedNoCapability() {
        Child child = run("nosetpcap");
        String refused = child.get("noSetpcap");
        assertTrue(refused.startsWith("CapabilityPermissionException|EPERM|")
                && refused.contains("cap_setpcap") && refused.contains("setcap cap_setpcap+p"),
                refused);
        child.securebits("before", 0);
        child.securebits("refused", 0);
        for (String field : SecureBitsMain.FIELDS) {
            assertEquals(child.get("census.before." + field), child.get("census.refused." + field));
        }
        child.securebits("after", KEEP_CAPS);
        child.everyTask("after", "NoNewPrivs", "1");
    }

    @Test
    void noNewPrivsReachesEveryThreadAndAFileCapabilityProgramGainsNothing() throws Exception {
        Privileged.requireRoot();
        Path setcap = Privileged.requireTool("setcap");
        Path dir = Files.createTempDirectory("caps4j-nnp-");
        Path program = dir.resolve("capgrep");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(Path.of("/usr/bin/grep"), program, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
            ChildJvm.exec(List.of(setcap.toString(), "cap_net_raw+ep", program.toString()))
                    .assertSuccess();
            Child child = run("nnp", program.toString());
            child.everyTask("nobody", "Uid", "65534\t65534\t65534\t65534");
            child.everyTask("nobody", "CapEff", ZERO);
            child.everyTask("nobody", "NoNewPrivs", "0");
            assertEquals("[CapEff:" + NET_RAW + "]", child.get("nobody.exec"),
                    "control: without no_new_privs the file capability is granted to nobody");
            child.everyTask("nnp", "NoNewPrivs", "1");
            assertEquals("[CapEff:" + ZERO + "]", child.get("nnp.exec"),
                    "with no_new_privs every worker's exec gains nothing");
            assertEquals("CapEff:" + ZERO, child.get("nnp.main.exec"));
            assertEquals("true", child.get("nnp.isSet"));
        } finally {
            Files.deleteIfExists(program);
            Files.deleteIfExists(dir);
        }
    }

}
