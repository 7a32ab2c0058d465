/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parser for the credential lines of {@code /proc/<pid>/task/<tid>/status} (see proc(5)).
 *
 * <p>Reads exactly nine fields and ignores every other line: {@code Name} (the task's comm,
 * with the kernel's escapes {@code \n} and {@code \\} undone, decoded as UTF-8), {@code Uid} and
 * {@code Gid} (four unsigned decimal ids), {@code CapInh}, {@code CapPrm}, {@code CapEff},
 * {@code CapBnd}, {@code CapAmb} (hex masks) and {@code NoNewPrivs} (0 or 1). A field that is
 * missing, repeated or not in the kernel's format is a {@link KernelFailure} naming the
 * file, the line and what was expected: the census must never guess a credential.
 *
 * <p>One pass over the bytes, no regular expressions: the census parses one of these per thread
 * after every process-wide change.
 */
public final class ProcStatus {
    private static final String[] FIELDS =
            {"Name", "Uid", "Gid", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs"};
    private static final int NAME = 0, UID = 1, GID = 2, CAP_INH = 3, CAP_PRM = 4, CAP_EFF = 5,
            CAP_BND = 6, CAP_AMB = 7, NO_NEW_PRIVS = 8;

    private final byte[] text;
    private final String source;
    private final int[] lineOf = new int[FIELDS.length];
    private final int[] valueStart = new int[FIELDS.length];
    private final int[] valueEnd = new int[FIELDS.length];

    private ProcStatus(byte[] text, String source) {
        this.text = text;
        this.source = source;
    }

    /**
     * The credentials in {@code status}, the content of {@code source} (used in messages only).
     *
     * @throws KernelFailure if a needed field is missing, repeated or malformed
     */
    public static TaskStatus parse(int tid, byte[] status, String source) {
        ProcStatus parser = new ProcStatus(status, source);
        parser.locateFields();
        return new TaskStatus(tid, parser.name(), parser.mask(CAP_EFF), parser.mask(CAP_PRM),
                parser.mask(CAP_INH), parser.mask(CAP_BND), parser.mask(CAP_AMB),
                parser.flag(NO_NEW_PRIVS), parser.ids(UID), parser.ids(GID));
    }

    /** The {@code Groups:} line's gids (unsigned, as ints); none if the line is missing. */
    public static int[] groups(byte[] status) {
        for (String line : new String(status, StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith("Groups:")) {
                String list = line.substring("Groups:".length()).strip();
                return list.isEmpty() ? new int[0] : Arrays.stream(list.split("\\s+"))
                        .mapToInt(Integer::parseUnsignedInt).toArray();
            }
        }
        return new int[0];
    }

    /** Records where each wanted field's value starts and ends; rejects repeats and gaps. */
    private void locateFields() {
        int line = 0;
        for (int start = 0; start < text.length; line++) {
            int end = indexOf((byte) '\n', start, text.length);
            int colon = indexOf((byte) ':', start, end);
            int field = colon < end ? fieldAt(start, colon) : -1;
            if (field >= 0) {
                if (lineOf[field] != 0) {
                    throw malformed(line + 1, field, "it appears twice (first on line "
                            + lineOf[field] + ")");
                }
                lineOf[field] = line + 1;
                valueStart[field] = colon + 1;
                valueEnd[field] = end;
            }
            start = end + 1;
        }
        for (int field = 0; field < FIELDS.length; field++) {
            if (lineOf[field] == 0) {
                throw new KernelFailure("parse " + source, 0,
                        "because it has no " + FIELDS[field] + " line",
                        "expected the format of proc(5) on Linux 4.10 or later");
            }
        }
    }

    private int fieldAt(int start, int colon) {
        for (int field = 0; field < FIELDS.length; field++) {
            String key = FIELDS[field];
            if (colon - start == key.length() && regionIs(start, key)) {
                return field;
            }
        }
        return -1;
    }

    private boolean regionIs(int start, String key) {
        for (int i = 0; i < key.length(); i++) {
            if (text[start + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The comm after "Name:\t", unescaped; the kernel escapes only newline and backslash. */
    private String name() {
        int start = valueStart[NAME];
        int end = valueEnd[NAME];
        if (start >= end || text[start] != '\t') {
            throw malformed(lineOf[NAME], NAME, "expected a tab after the colon");
        }
        byte[] comm = new byte[end - start - 1];
        int length = 0;
        for (int i = start + 1; i < end; i++) {
            byte b = text[i];
            if (b == '\\' && i + 1 < end) {
                byte escaped = text[++i];
                b = switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    case 'v' -> 0x0b;
                    case '\\' -> '\\';
                    default -> {
                        comm[length++] = '\\';
                        yield escaped;
                    }
                };
            }
            comm[length++] = b;
        }
        return new String(comm, 0, length, StandardCharsets.UTF_8);
    }

    /** A capability mask: 1 to 16 hex digits (the kernel prints exactly 16). */
    private long mask(int field) {
        int start = skipBlanks(valueStart[field], valueEnd[field]);
        int end = valueEnd[field];
        if (end - start < 1 || end - start > 16) {
            throw malformed(lineOf[field], field, "expected a mask of 1 to 16 hex digits");
        }
        long mask = 0;
        for (int i = start; i < end; i++) {
            int digit = Character.digit(text[i], 16);
            if (digit < 0) {
                throw malformed(lineOf[field], field, "expected a mask of 1 to 16 hex digits");
            }
            mask = (mask << 4) | digit;
        }
        return mask;
    }

    private boolean flag(int field) {
        int start = skipBlanks(valueStart[field], valueEnd[field]);
        if (valueEnd[field] - start != 1 || (text[start] != '0' && text[start] != '1')) {
            throw malformed(lineOf[field], field, "expected 0 or 1");
        }
        return text[start] == '1';
    }

    /** Four unsigned 32-bit decimal ids separated by tabs: real, effective, saved, filesystem. */
    private TaskStatus.IdQuad ids(int field) {
        long[] ids = new long[4];
        int position = valueStart[field];
        int end = valueEnd[field];
        for (int n = 0; n < ids.length; n++) {
            position = skipBlanks(position, end);
            int digits = position;
            long id = 0;
            while (position < end && text[position] >= '0' && text[position] <= '9'
                    && id <= 0xFFFF_FFFFL) {
                id = id * 10 + (text[position++] - '0');
            }
            if (position == digits || id > 0xFFFF_FFFFL
                    || (position < end && text[position] != '\t' && text[position] != ' ')) {
                throw malformed(lineOf[field], field, "expected four ids from 0 to 4294967295");
            }
            ids[n] = id;
        }
        if (skipBlanks(position, end) != end) {
            throw malformed(lineOf[field], field, "expected four ids from 0 to 4294967295");
        }
        return new TaskStatus.IdQuad(ids[0], ids[1], ids[2], ids[3]);
    }

    private int skipBlanks(int position, int end) {
        while (position < end && (text[position] == '\t' || text[position] == ' ')) {
            position++;
        }
        return position;
    }

    private int indexOf(byte wanted, int from, int end) {
        for (int i = from; i < end; i++) {
            if (text[i] == wanted) {
                return i;
            }
        }
        return end;
    }

    private KernelFailure malformed(int line, int field, String expected) {
        int start = valueStart[field];
        int end = Math.min(valueEnd[field], start + 40);
        String found = new String(text, start, Math.max(0, end - start), StandardCharsets.UTF_8)
                .strip();
        return new KernelFailure("parse " + source, 0, "on line " + line + " ("
                + FIELDS[field] + ")", expected + ", found \"" + found + "\"");
    }
}
