/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * L9: Identity.change and keep-caps, each scenario in a fresh child JVM running as root with
 * 4 pool workers alive (see {@link IdentityMain}); assertions on /proc/self/task/*&#47;status
 * read by the child's independent reader and on binding 127.0.0.1:80.
 */
class IdentityTest {
    private static final String NOBODY_IDS = "65534\t65534\t65534\t65534";
    private static final String ZERO = "0000000000000000";
    private static final String NET_BIND_SERVICE = "0000000000000400";

    private record Child(ChildJvm.Result result, Map<String, String> out) {
        String get(String key) {
            return ChildOutput.get(out, key, result);
        }

        /** Asserts every task of census {@code label} shows {@code value} for {@code field}. */
        void everyTask(String label, String field, String value) {
            String tasks = get("census." + label + ".tasks");
            assertEquals(value + "x" + tasks, get("census." + label + "." + field),
                    field + " on every task\n" + result.stdout());
        }
    }

    private static Child run(String mode) {
        Privileged.requireRoot();
        ChildJvm.Result result = ChildJvm.run(IdentityMain.class, mode).assertSuccess();
        Child child = new Child(result, ChildOutput.parse(result));
        assertEquals("[ok]", child.get("before.workers.bind80"), "precondition: root binds :80");
        assertTrue(Integer.parseInt(child.get("census.before.tasks")) >= 15);
        return child;
    }

    @Test
    void l9ChangeToNobodyKeepingNetBindServiceReachesEveryTask() {
        Child child = run("keep");
        child.everyTask("after", "Uid", NOBODY_IDS);
        child.everyTask("after", "Gid", NOBODY_IDS);
        child.everyTask("after", "Groups", "");
        child.everyTask("after", "CapPrm", NET_BIND_SERVICE);
        child.everyTask("after", "CapEff", NET_BIND_SERVICE);
        child.everyTask("after", "CapInh", ZERO);
        child.everyTask("after", "CapAmb", ZERO);
        assertEquals(child.get("census.before.CapBnd"), child.get("census.after.CapBnd"),
                "the bounding set is untouched");
        assertEquals("[ok]", child.get("after.workers.bind80"),
                "every pool worker can still bind :80 as uid 65534");
        assertEquals("ok", child.get("after.main.bind80"));
        assertEquals("false", child.get("after.main.keepCaps"), "keep-caps is off again");
    }

    @Test
    void l9ChangeToNobodyByNameKeepingNothing() {
        Child child = run("nobody");
        child.everyTask("after", "Uid", NOBODY_IDS);
        child.everyTask("after", "Gid", NOBODY_IDS);
        child.everyTask("after", "Groups", "65534");
        for (String field : new String[] {"CapPrm", "CapEff", "CapInh", "CapAmb"}) {
            child.everyTask("after", field, ZERO);
        }
        String workers = child.get("after.workers.bind80");
        assertTrue(workers.startsWith("[BindException") && workers.contains("Permission_denied")
                && !workers.contains(","), "bind :80 fails on every worker: " + workers);
        assertTrue(child.get("after.main.bind80").contains("Permission_denied"));
    }

    @Test
    void l9KeepCapsSetOnEveryThreadKeepsThePermittedSetAcrossGlibcSetresuid() {
        Child child = run("keepcaps");
        assertEquals("[true]", child.get("workers.keepCaps"), "every worker reads keep-caps on");
        assertEquals("0", child.get("glibcSetresuid"));
        child.everyTask("after", "Uid", NOBODY_IDS);
        child.everyTask("after", "CapPrm", child.get("census.before.CapPrm")
                .replaceAll("x\\d+$", ""));
        child.everyTask("after", "CapEff", ZERO);
        assertTrue(child.get("after.workers.bind80").contains("Permission_denied"),
                "E was cleared by the uid change");
    }

    @Test
    void l9WithoutKeepCapsTheSameUidChangeClearsThePermittedSet() {
        Child child = run("nokeepcaps");
        assertEquals("[false]", child.get("workers.keepCaps"));
        child.everyTask("after", "Uid", NOBODY_IDS);
        child.everyTask("after", "CapPrm", ZERO);
    }

    @Test
    void identityChangeRefusesMissingCapabilitiesBeforeChangingAnything() {
        Child child = run("refuse");
        String setuid = child.get("refuse.setuid");
        assertTrue(setuid.startsWith("CapabilityPermissionException|") && setuid.contains(
                "cap_setuid") && setuid.contains("setcap cap_setuid+p"), setuid);
        String keep = child.get("refuse.keep");
        assertTrue(keep.startsWith("CapabilityPermissionException|"), keep);
        String groups = child.get("refuse.groups");
        assertTrue(groups.startsWith("IllegalArgumentException|") && groups.contains("64"),
                groups);
        for (String field : IdentityMain.FIELDS) {
            assertEquals(child.get("census.before." + field), child.get("census.after." + field),
                    field + " unchanged on every task");
        }
    }
}
