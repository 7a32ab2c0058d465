/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.cli;

import java.io.PrintStream;
import java.util.StringJoiner;
import org.caps4j.Ambient;
import org.caps4j.Bounding;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.Iab;
import org.caps4j.NoNewPrivs;
import org.caps4j.SecureBit;
import org.caps4j.SecureBits;
import org.caps4j.TaskCredentials;
import org.caps4j.ThreadCensus;
import org.caps4j.internal.Natives;

/**
 * The demo: this process's capability state, laid out like {@code capsh --print} so the two can
 * be compared line by line, followed by the raw masks and a census of all threads.
 */
final class ShowCommand {
    private ShowCommand() {}

    static int run(PrintStream out) {
        Caps caps = Caps.fromProcess();
        out.println("Current: " + caps);
        out.println("Bounding set =" + Bounding.read());
        out.println("Ambient set =" + Ambient.read());
        out.println("Current IAB: " + Iab.fromProcess());
        printSecurebits(SecureBits.read(), NoNewPrivs.isSet(), out);
        ThreadCensus census = ThreadCensus.take();
        TaskCredentials self = census.task(Natives.shim().gettid()).orElseThrow();
        printIds(self.uids().real(), self.uids().effective(), self.gids().real(),
                Accounts.supplementaryGroups(), out);
        out.println("User namespace: " + PidReport.UserNamespace.of(ProcessHandle.current()
                .pid()));
        out.println("Masks (capsh --decode=MASK names the same bits):");
        for (Flag flag : Flag.values()) {
            out.printf(" %-12s%s%n", flag.name().toLowerCase(java.util.Locale.ROOT),
                    TextCommands.hexMask(caps.get(flag)));
        }
        out.printf(" %-12s%s%n", "bounding", TextCommands.hexMask(Bounding.read()));
        out.printf(" %-12s%s%n", "ambient", TextCommands.hexMask(Ambient.read()));
        out.println("Threads: " + census);
        return Main.OK;
    }

    /** capsh's id lines: real and effective uid, real gid, supplementary groups, with names. */
    static void printIds(long uid, long euid, long gid, java.util.List<Long> groupIds,
            PrintStream out) {
        Accounts accounts = Accounts.fromFiles();
        out.println("uid=" + accounts.user(uid) + " euid=" + accounts.user(euid));
        out.println("gid=" + accounts.group(gid));
        StringJoiner groups = new StringJoiner(",", "groups=", "");
        groupIds.forEach(id -> groups.add(accounts.group(id)));
        out.println(groups);
    }

    /** capsh's securebits block: octal/hex/binary word, then one line per flag with its lock. */
    static void printSecurebits(SecureBits bits, boolean noNewPrivs, PrintStream out) {
        int word = bits.bits();
        String binary = Integer.toBinaryString(word);
        out.printf("Securebits: 0%o/0x%x/%d'b%s (no-new-privs=%d)%n", word, word,
                binary.length(), binary, noNewPrivs ? 1 : 0);
        printFlag(" secure-noroot", bits, SecureBit.NOROOT, SecureBit.NOROOT_LOCKED, out);
        printFlag(" secure-no-suid-fixup", bits, SecureBit.NO_SETUID_FIXUP,
                SecureBit.NO_SETUID_FIXUP_LOCKED, out);
        printFlag(" secure-keep-caps", bits, SecureBit.KEEP_CAPS, SecureBit.KEEP_CAPS_LOCKED, out);
        printFlag(" secure-no-ambient-raise", bits, SecureBit.NO_CAP_AMBIENT_RAISE,
                SecureBit.NO_CAP_AMBIENT_RAISE_LOCKED, out);
    }

    private static void printFlag(String label, SecureBits bits, SecureBit flag, SecureBit lock,
            PrintStream out) {
        out.printf("%s: %s (%s)%n", label, bits.contains(flag) ? "yes" : "no",
                bits.contains(lock) ? "locked" : "unlocked");
    }
}
