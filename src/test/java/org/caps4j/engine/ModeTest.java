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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.LibcapOracle;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * Mode.current() against libcap's cap_get_mode() (FFM, on every thread) and capsh's "Guessed
 * mode:" line, and Mode.set() on every task, in fresh child JVMs as root (see {@link ModeMain}).
 */
class ModeTest {
    private static final String ZERO = "0000000000000000";
    private static final String NBS = "0000000000000400";
    private static final Pattern CLASSIFIED =
            Pattern.compile("([A-Z0-9_]+)\\((\\d)\\) libcap\\((\\d)\\) securebits (0x[0-9a-f]+)");

    private record Child(ChildJvm.Result result, Map<String, String> out) {
        String get(String key) {
            return ChildOutput.get(out, key, result);
        }

        /**
         * On main and on every worker caps4j and libcap agree on {@code mode}, each thread's
         * own securebits are {@code securebits}, and capsh (exec'd by a worker) guesses
         * {@code capsh}.
         */
        void mode(String label, String mode, int value, String securebits, String capsh) {
            String expected = mode + "(" + value + ") libcap(" + value + ") securebits "
                    + securebits;
            assertEquals(expected, get(label + ".main"), label + " main thread\n" + all());
            assertEquals("[" + expected + "]", get(label + ".workers"),
                    label + " every worker\n" + all());
            assertEquals("Guessed mode: " + capsh, get(label + ".capsh"), label);
            Matcher m = CLASSIFIED.matcher(get(label + ".main"));
            assertTrue(m.matches() && m.group(2).equals(m.group(3)), label);
        }

        void everyTask(String label, String field, String value) {
            String tasks = get("census." + label + ".tasks");
            assertEquals(value + "x" + tasks, get("census." + label + "." + field),
                    label + ": " + field + " on every task\n" + all());
        }

        /**
         * The distinct values of a census field without their task counts: a JDK thread that
         * starts or ends between two censuses (the process reaper of the execs) changes the
         * counts, not the credentials being compared.
         */
        String values(String label, String field) {
            return get("census." + label + "." + field).replaceAll("x[0-9]+(,|$)", "$1");
        }

        String all() {
            return result.stdout();
        }
    }

    private static Child run(String... args) {
        Privileged.requireRoot();
        Privileged.requireTool("capsh");
        LibcapOracle.require();
        ChildJvm.Result result = ChildJvm.run(ModeMain.class, args).assertSuccess();
        return new Child(result, ChildOutput.parse(result));
    }

    @Test
    void walkThroughTheModesAgreesWithLibcapAndCapshAndReachesEveryTask() throws Exception {
        Privileged.requireRoot();
        Path setcap = Privileged.requireTool("setcap");
        Path dir = Files.createTempDirectory("caps4j-mode-");
        Path setuid = dir.resolve("suidgrep");
        Path filecap = dir.resolve("capgrep");
        Path filecapEff = dir.resolve("capgrep-e");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(Path.of("/usr/bin/grep"), setuid, StandardCopyOption.COPY_ATTRIBUTES);
            ChildJvm.exec(List.of("chmod", "4755", setuid.toString())).assertSuccess();
            Files.copy(Path.of("/usr/bin/grep"), filecap, StandardCopyOption.COPY_ATTRIBUTES);
            Files.copy(Path.of("/usr/bin/grep"), filecapEff, StandardCopyOption.COPY_ATTRIBUTES);
            ChildJvm.exec(List.of(setcap.toString(), "cap_net_raw,cap_net_bind_service+p",
                    filecap.toString())).assertSuccess();
            ChildJvm.exec(List.of(setcap.toString(), "cap_net_raw,cap_net_bind_service+ep",
                    filecapEff.toString())).assertSuccess();
            Child child = run("walk", setuid.toString(), filecap.toString(),
                    filecapEff.toString());
            walk(child);
        } finally {
            Files.deleteIfExists(setuid);
            Files.deleteIfExists(filecap);
            Files.deleteIfExists(filecapEff);
            Files.deleteIfExists(dir);
        }
    }

    private static void walk(Child child) {
        child.mode("root", "HYBRID", 4, "0x0", "HYBRID (4)");
        for (String program : List.of("setuid", "filecap", "filecapEff")) {
            assertTrue(child.get("root.exec." + program + ".main").startsWith("CapPrm:")
                    && !child.get("root.exec." + program + ".main").startsWith(
                            "CapPrm:" + ZERO), "control: as plain root " + program
                            + " runs with capabilities: " + child.get("root.exec." + program
                            + ".main"));
        }

        // KEEP_CAPS alone matches no mode; execve clears it, so capsh sees HYBRID.
        child.mode("keepcaps", "UNCERTAIN", 0, "0x10", "HYBRID (4)");

        // libcap empties E for every mode, HYBRID included.
        child.mode("hybrid", "HYBRID", 4, "0x0", "HYBRID (4)");
        child.everyTask("hybrid", "CapEff", ZERO);
        assertEquals(child.values("root", "CapPrm"), child.values("hybrid", "CapPrm"));

        child.mode("ambient", "HYBRID", 4, "0x0", "HYBRID (4)");
        child.everyTask("ambient", "CapAmb", NBS);

        // PURE1E: locked securebits, ambient cleared, E emptied, P and I kept.
        child.mode("pure1e", "PURE1E", 3, "0xef", "PURE1E (3)");
        child.everyTask("pure1e", "CapAmb", ZERO);
        child.everyTask("pure1e", "CapEff", ZERO);
        child.everyTask("pure1e", "CapInh", NBS);
        assertEquals(child.values("root", "CapPrm"), child.values("pure1e", "CapPrm"));
        child.everyTask("pure1e", "NoNewPrivs", "0");

        String raise = child.get("pure1e.raise");
        assertTrue(raise.startsWith("CapabilityPermissionException|EPERM|")
                && raise.contains("SECBIT_NO_CAP_AMBIENT_RAISE")
                && raise.contains("cap_net_bind_service"), raise);
        String hybrid = child.get("pure1e.hybrid");
        assertTrue(hybrid.startsWith("CapabilityPermissionException|EPERM|")
                && hybrid.contains("locked"), hybrid);
        assertTrue(child.get("pure1e.uncertain").startsWith("IllegalArgumentException"),
                child.get("pure1e.uncertain"));
        for (String field : ModeMain.FIELDS) {
            assertEquals(child.values("pure1e", field), child.values("refused", field),
                    "refusals changed " + field);
        }
        child.mode("refused", "PURE1E", 3, "0xef", "PURE1E (3)");

        // PURE1E_INIT: I emptied too; P (and the bounding set) still there.
        child.mode("pure1eInit", "PURE1E_INIT", 2, "0xef", "PURE1E_INIT (2)");
        child.everyTask("pure1eInit", "CapInh", ZERO);
        assertEquals(child.values("root", "CapPrm"), child.values("pure1eInit", "CapPrm"));

        // NOPRIV: nothing in any set, no bounding set, no_new_privs on every task.
        child.mode("nopriv", "NOPRIV", 1, "0xef", "NOPRIV (1)");
        for (String field : List.of("CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb")) {
            child.everyTask("nopriv", field, ZERO);
        }
        child.everyTask("nopriv", "NoNewPrivs", "1");
        child.everyTask("nopriv", "Uid", "0\t0\t0\t0");
        // /proc/self/status prints CapPrm before CapEff.
        String nothing = "CapPrm:" + ZERO + "CapEff:" + ZERO + "CapAmb:" + ZERO;
        for (String program : List.of("setuid", "filecap")) {
            assertEquals(nothing, child.get("nopriv.exec." + program + ".main"), program);
            assertEquals("[" + nothing + "]", child.get("nopriv.exec." + program + ".workers"),
                    program + " run from every worker gains nothing");
        }
        // A +ep file whose permitted caps cannot all be granted (empty bounding set) is not
        // run at all: the kernel's execve returns EPERM.
        // The JDK words the IOException differently (17: "error=1, Operation not permitted";
        // 22+: "Exec failed, error: 1 (Operation not permitted)"); the errno is what matters.
        String main = child.get("nopriv.exec.filecapEff.main");
        String workers = child.get("nopriv.exec.filecapEff.workers");
        assertTrue(main.startsWith("refused: ") && main.contains("1")
                && main.contains("Operation not permitted"), main);
        assertEquals("[" + main + "]", workers);
        String again = child.get("nopriv.again");
        assertTrue(again.startsWith("CapabilityPermissionException|EPERM|")
                && again.contains("cap_setpcap"), again);
    }

    @Test
    void basicSecurebitsAloneAreUncertainAndPure1eWithAnEmptyInheritableSetIsPure1eInit() {
        Child child = run("uncertain");
        child.mode("root", "HYBRID", 4, "0x0", "HYBRID (4)");
        child.mode("basic", "UNCERTAIN", 0, "0x2f", "UNCERTAIN (0)");
        // libcap's classification: PURE1E needs a non-empty I; root's is empty.
        child.mode("pure1e", "PURE1E_INIT", 2, "0xef", "PURE1E_INIT (2)");
        child.everyTask("pure1e", "CapEff", ZERO);
        child.everyTask("pure1e", "NoNewPrivs", "0");
    }

    @Test
    void withoutSetpcapEveryModeIsRefusedAndNothingChanges() {
        Child child = run("nosetpcap");
        String refused = child.get("refused");
        assertTrue(refused.startsWith("CapabilityPermissionException|EPERM|")
                && refused.contains("cap_setpcap") && refused.contains("setcap cap_setpcap+p"),
                refused);
        for (String field : ModeMain.FIELDS) {
            assertEquals(child.values("before", field), child.values("after", field), field);
        }
        child.mode("after", "HYBRID", 4, "0x0", "HYBRID (4)");
    }
}
