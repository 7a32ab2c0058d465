/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.caps4j.testing.ChildJvm;
import org.caps4j.testing.ChildOutput;
import org.caps4j.testing.Privileged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 3 (no SA_ONSTACK): a native thread on a sigaltstack with under 512 bytes of
 * normal stack left. glibc's own setresuid broadcast survives it (control); a process-wide
 * apply must too (its handler must run on the alternate stack), succeed, and leave that thread
 * with the new CapEff. Without SA_ONSTACK the kernel cannot push the signal frame and the
 * process dies.
 */
class AltStackTest {
    @Test
    void applyReachesAThreadRunningOutOfStackOnItsAlternateStack(@TempDir Path dir) {
        Privileged.requireRoot();
        Path library = TestNatives.compile("altstack_thread", dir, true);
        ChildJvm.Result child = ChildJvm.run(AltStackMain.class, library.toString());
        String report = "alt stack: exit " + child.exitCode() + " "
                + child.stdout().replace('\n', ' ') + "\n--- stderr\n" + child.stderr();
        System.out.println(report);
        Map<String, String> out = ChildOutput.parse(child);
        long left = Long.parseLong(ChildOutput.get(out, "stackLeft", child));
        assertTrue(left > 0 && left < 512, "precondition: under 512 bytes of stack left; " + report);
        assertEquals("0", ChildOutput.get(out, "glibcBefore", child),
                "control: glibc's setresuid broadcast survives the thread; " + report);
        assertEquals(0, child.exitCode(), report);
        assertEquals("ok", ChildOutput.get(out, "apply", child), report);
        assertEquals(ChildOutput.get(out, "expectedCapEff", child),
                ChildOutput.get(out, "nativeCapEff", child), report);
        assertEquals("0", ChildOutput.get(out, "glibcAfter", child), report);
        assertEquals("true", ChildOutput.get(out, "nativeAlive", child), report);
    }
}
