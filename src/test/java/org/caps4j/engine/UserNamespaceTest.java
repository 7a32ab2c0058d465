/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;

/**
 * Transactions inside {@code unshare -r}: a child user namespace where the JVM is uid 0 with
 * every capability of that namespace (see {@link UserNamespaceMain}).
 */
class UserNamespaceTest {
    private static final long NET_RAW = 1L << 13, SYS_BOOT = 1L << 22, NBS = 1L << 10;

    @Test
    void transactionsReachEveryTaskInAChildUserNamespace() {
        String unshare = Privileged.requireTool("unshare").toString();
        ChildJvm.Result result = ChildJvm.run(List.of(unshare, "-r"), UserNamespaceMain.class)
                .assertSuccess();
        Map<String, String> out = ChildOutput.parse(result);
        for (String label : List.of("start", "dropped", "bounding", "ambient", "nopriv")) {
            assertEquals("false", get(out, label + ".initialUserNamespace", result), label);
            assertEquals("true", get(out, label + ".uniform", result), label);
            assertEquals("0\t0\t0\t0", single(out, label, "Uid", result), "uid 0 inside");
        }
        long start = hex(single(out, "start", "CapPrm", result));
        long bounding = hex(single(out, "start", "CapBnd", result));
        assertNotEquals(0, start & NET_RAW, "unshare -r gives the namespace's full set");
        assertEquals(start & ~NET_RAW, hex(single(out, "dropped", "CapEff", result)));
        assertEquals(start & ~NET_RAW, hex(single(out, "dropped", "CapPrm", result)));
        assertEquals(bounding & ~SYS_BOOT, hex(single(out, "bounding", "CapBnd", result)));
        assertEquals(NBS, hex(single(out, "ambient", "CapAmb", result)));
        assertEquals("[cap_net_bind_service]", get(out, "ambient.workers", result));
        assertEquals("HYBRID", get(out, "mode.before", result));
        for (String field : List.of("CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb")) {
            assertEquals(0, hex(single(out, "nopriv", field, result)), field);
        }
        assertEquals("1", single(out, "nopriv", "NoNewPrivs", result));
        assertEquals("NOPRIV workers [NOPRIV]", get(out, "mode.after", result));
    }

    private static String get(Map<String, String> out, String key, ChildJvm.Result result) {
        return ChildOutput.get(out, key, result);
    }

    /** The value every task shows for {@code field}, failing if the tasks differ. */
    private static String single(Map<String, String> out, String label, String field,
            ChildJvm.Result result) {
        String tasks = get(out, "census." + label + ".tasks", result);
        String line = get(out, "census." + label + "." + field, result);
        String suffix = "x" + tasks;
        if (!line.endsWith(suffix) || line.contains(",")) {
            throw new AssertionError(label + ": " + field + " differs between tasks: " + line
                    + "\n" + result.stdout());
        }
        return line.substring(0, line.length() - suffix.length());
    }

    private static long hex(String value) {
        return Long.parseUnsignedLong(value, 16);
    }
}
