/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 1 (JFR freezes the JVM): under a profiling flight recording with four spinning
 * threads, 1,000 applies alternately dropping and raising CAP_NET_RAW in E all succeed, none
 * takes more than 100 ms, and no thread is left behind (every task's CapEff is the last
 * target's; the census is uniform). A broadcast that parks every thread until the sweep ends
 * deadlocks with JFR's sampler, which suspends threads with its own signal.
 */
class JfrBroadcastTest {
    @Test
    void thousandAppliesUnderAProfilingRecordingNeitherStallNorFail(@TempDir Path dir) {
        Privileged.requireRoot();
        List<String> command = ChildJvm.javaCommand(List.of("--enable-native-access=ALL-UNNAMED",
                "-XX:FlightRecorderOptions=repository=" + dir.resolve("repository"),
                "-XX:StartFlightRecording=settings=profile,filename=" + dir.resolve("rec.jfr")),
                JfrBroadcastMain.class.getName());
        command.add("1000");
        ChildJvm.Result child = ChildJvm.exec(command).assertSuccess();
        Map<String, String> out = ChildOutput.parse(child);
        String report = "JFR broadcasts: " + child.stdout().replace('\n', ' ');
        System.out.println(report);
        assertEquals("1000", ChildOutput.get(out, "applies", child), report);
        assertEquals("0", ChildOutput.get(out, "failures", child), report);
        assertEquals("0", ChildOutput.get(out, "over100ms", child), report);
        assertEquals("0", ChildOutput.get(out, "tasksWithOtherCapEff", child), report);
        assertEquals("true", ChildOutput.get(out, "censusUniform", child), report);
    }
}
