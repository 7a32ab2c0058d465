/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tier 1: the status parser on sample text, well-formed and malformed. */
class ProcStatusTest {
    private static final String SOURCE = "/proc/self/task/4242/status";

    /** A real status file of a JVM thread (Linux 6.1), trimmed of a few memory lines. */
    static final String SAMPLE = """
            Name:\tC2 CompilerThre
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t4200
            Ngid:\t0
            Pid:\t4242
            PPid:\t4100
            TracerPid:\t0
            Uid:\t1000\t1001\t1002\t1003
            Gid:\t65534\t65534\t65534\t4294967295
            FDSize:\t256
            Groups:\t27 100\s
            NStgid:\t4200
            NSpid:\t4242
            VmPeak:\t 3060 kB
            Threads:\t19
            SigQ:\t0/96343
            SigBlk:\t0000000000000000
            CapInh:\t0000000000000400
            CapPrm:\t000001fffeffffff
            CapEff:\t000001fffefffffe
            CapBnd:\t000001fffeffffff
            CapAmb:\t0000000000000400
            NoNewPrivs:\t1
            Seccomp:\t0
            Cpus_allowed_list:\t0-1
            """;

    private static TaskStatus parse(String text) {
        return ProcStatus.parse(4242, text.getBytes(StandardCharsets.UTF_8), SOURCE);
    }

    @Test
    void readsEveryCredentialField() {
        TaskStatus task = parse(SAMPLE);
        assertAll(
                () -> assertEquals(4242, task.tid()),
                () -> assertEquals("C2 CompilerThre", task.name()),
                () -> assertEquals(new TaskStatus.IdQuad(1000, 1001, 1002, 1003), task.uids()),
                () -> assertEquals(new TaskStatus.IdQuad(65534, 65534, 65534, 4294967295L),
                        task.gids()),
                () -> assertEquals(0x400L, task.inheritable()),
                () -> assertEquals(0x1fffeffffffL, task.permitted()),
                () -> assertEquals(0x1fffefffffeL, task.effective()),
                () -> assertEquals(0x1fffeffffffL, task.bounding()),
                () -> assertEquals(0x400L, task.ambient()),
                () -> assertTrue(task.noNewPrivs()));
    }

    @Test
    void fieldOrderAndUnknownLinesDoNotMatter() {
        String shuffled = "NoNewPrivs:\t0\nCapAmbX:\tzz\nCapAmb:\t0\nUidMap:\tnonsense\n"
                + SAMPLE.replace("NoNewPrivs:\t1\n", "").replace("CapAmb:\t0000000000000400\n", "");
        TaskStatus task = parse(shuffled);
        assertFalse(task.noNewPrivs());
        assertEquals(0, task.ambient());
        assertEquals(1000, task.uids().real());
    }

    @Test
    void fullSixtyFourBitMaskAndLastLineWithoutNewline() {
        String text = SAMPLE.replace("CapBnd:\t000001fffeffffff", "CapBnd:\tffffffffffffffff")
                .replace("Cpus_allowed_list:\t0-1\n", "Cpus_allowed_list:\t0-1");
        assertEquals(-1L, parse(text).bounding());
    }

    @Test
    void unescapesTheNameAsTheKernelEscapesIt() {
        // the kernel writes a newline in comm as \n and a backslash as \\, nothing else
        assertEquals("a\nb", nameShownAs("a\\nb"));
        assertEquals("back\\slash", nameShownAs("back\\\\slash"));
        assertEquals(" two  spaces ", nameShownAs(" two  spaces "));
        assertEquals("tab\there", nameShownAs("tab\there"));
        assertEquals("odd\\q", nameShownAs("odd\\q"));
        assertEquals("end\\", nameShownAs("end\\"));
        assertEquals("pool-1-thread-1", nameShownAs("pool-1-thread-1"));
    }

    private static String nameShownAs(String shown) {
        return parse(SAMPLE.replace("Name:\tC2 CompilerThre", "Name:\t" + shown)).name();
    }

    @Test
    void emptyNameAndNonAsciiName() {
        assertEquals("", parse(SAMPLE.replace("Name:\tC2 CompilerThre", "Name:\t")).name());
        assertEquals("caf\u00e9-w\u00f6rker", parse(SAMPLE.replace("C2 CompilerThre",
                "caf\u00e9-w\u00f6rker")).name());
        // 15 bytes cut inside the two-byte 'é': the kernel keeps the first byte only
        byte[] cut = SAMPLE.replace("C2 CompilerThre", "ab\u00e9").getBytes(StandardCharsets.UTF_8);
        byte[] withoutLastByte = new byte[cut.length - 1];
        int at = SAMPLE.indexOf("C2 CompilerThre") + 3;
        System.arraycopy(cut, 0, withoutLastByte, 0, at);
        System.arraycopy(cut, at + 1, withoutLastByte, at, cut.length - at - 1);
        assertEquals("ab\ufffd", ProcStatus.parse(1, withoutLastByte, SOURCE).name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CapEff:\\t000001fffefffffe | CapEff:\\t0000001zfefffffe | line 21 (CapEff) | hex digits",
        "CapEff:\\t000001fffefffffe | CapEff:\\t0000000000000000f | (CapEff) | 1 to 16 hex digits",
        "CapEff:\\t000001fffefffffe | CapEff:\\t | (CapEff) | hex digits",
        "CapEff:\\t000001fffefffffe | CapEff:\\t-1 | (CapEff) | hex digits",
        "CapInh:\\t0000000000000400 | CapInh:\\t00000000 00000400 | (CapInh) | hex digits",
        "Uid:\\t1000\\t1001\\t1002\\t1003 | Uid:\\t1000\\t1001\\t1002 | line 9 (Uid) | four ids",
        "Uid:\\t1000\\t1001\\t1002\\t1003 | Uid:\\t1000\\t1001\\t1002\\t1003\\t7 | (Uid) | four ids",
        "Uid:\\t1000\\t1001\\t1002\\t1003 | Uid:\\t1000\\t-1\\t1002\\t1003 | (Uid) | four ids",
        "Uid:\\t1000\\t1001\\t1002\\t1003 | Uid:\\t4294967296\\t0\\t0\\t0 | (Uid) | 4294967295",
        "Uid:\\t1000\\t1001\\t1002\\t1003 | Uid:\\t99999999999999999999999\\t0\\t0\\t0 | (Uid) | four ids",
        "Gid:\\t65534\\t65534\\t65534\\t4294967295 | Gid:\\t1x\\t1\\t1\\t1 | (Gid) | four ids",
        "NoNewPrivs:\\t1 | NoNewPrivs:\\t2 | (NoNewPrivs) | 0 or 1",
        "NoNewPrivs:\\t1 | NoNewPrivs:\\t10 | (NoNewPrivs) | 0 or 1",
        "Name:\\tC2 CompilerThre | Name:C2 | (Name) | tab after the colon",
    })
    void rejectsMalformedValues(String good, String bad, String where, String expected) {
        String text = SAMPLE.replace(good.replace("\\t", "\t"), bad.replace("\\t", "\t"));
        KernelFailure e = assertThrows(KernelFailure.class, () -> parse(text));
        assertTrue(e.getMessage().startsWith("parse " + SOURCE + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains(where), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(0, e.errno());
    }

    @ParameterizedTest
    @CsvSource({"Name", "Uid", "Gid", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs"})
    void rejectsAMissingField(String field) {
        StringBuilder text = new StringBuilder();
        for (String line : SAMPLE.split("\n")) {
            if (!line.startsWith(field + ":")) {
                text.append(line).append('\n');
            }
        }
        KernelFailure e = assertThrows(KernelFailure.class,
                () -> parse(text.toString()));
        assertEquals("parse " + SOURCE + " failed because it has no " + field
                + " line. expected the format of proc(5) on Linux 4.10 or later", e.getMessage());
    }

    @Test
    void rejectsARepeatedField() {
        KernelFailure e = assertThrows(KernelFailure.class,
                () -> parse(SAMPLE + "CapEff:\t0000000000000000\n"));
        assertTrue(e.getMessage().contains("(CapEff)"), e.getMessage());
        assertTrue(e.getMessage().contains("appears twice (first on line 21)"), e.getMessage());
    }

    @Test
    void rejectsEmptyAndBinaryContent() {
        assertThrows(KernelFailure.class, () -> parse(""));
        assertThrows(KernelFailure.class,
                () -> ProcStatus.parse(1, new byte[] {0, (byte) 0xff, '\n', ':'}, SOURCE));
    }
}
