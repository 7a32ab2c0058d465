/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * DropAll: give up every capability for good, on every thread of the JVM, and prove it.
 *
 * Run as root (it needs cap_setpcap to drop the bounding set and lock the securebits):
 *   java --enable-native-access=ALL-UNNAMED -cp target/caps4j.jar examples/DropAll.java
 *
 * Clears the ambient set, drops the whole bounding set, locks every securebit (NOROOT,
 * NO_SETUID_FIXUP, KEEP_CAPS off, NO_CAP_AMBIENT_RAISE, each with its lock), sets no_new_privs
 * and empties E, P and I - in that order, because the bounding drop and the securebits need
 * cap_setpcap, which the last step removes. Then it verifies with the kernel: a census of every
 * thread, the securebits, no_new_privs, each way back refused, and real effects: the JVM (still
 * uid 0) cannot bind port 80, and a root program it executes (capsh) gets no capability.
 * Expected output (thread counts vary):
 *
 *   before: uid 0, 19 threads, all identical, CapEff 000001fffeffffff, CapBnd 000001fffeffffff
 *   after: 19 threads, all identical: Uid 0 0 0 0, Gid 0 0 0 0, CapInh 0000000000000000, CapPrm 0000000000000000, CapEff 0000000000000000, CapBnd 0000000000000000, CapAmb 0000000000000000, NoNewPrivs 1 (initial user namespace)
 *   securebits: 0xef/[NOROOT,NOROOT_LOCKED,NO_SETUID_FIXUP,NO_SETUID_FIXUP_LOCKED,KEEP_CAPS_LOCKED,NO_CAP_AMBIENT_RAISE,NO_CAP_AMBIENT_RAISE_LOCKED]
 *   no_new_privs: true
 *   regain permitted cap_net_bind_service: refused (EPERM)
 *   raise ambient cap_net_bind_service: refused (EPERM)
 *   unlock securebits: refused (EPERM)
 *   bind 127.0.0.1:80: Permission denied
 *   exec root program: Current: =
 */
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.caps4j.Ambient;
import org.caps4j.Bounding;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.NoNewPrivs;
import org.caps4j.SecureBit;
import org.caps4j.SecureBits;
import org.caps4j.TaskCredentials;
import org.caps4j.ThreadCensus;

public class DropAll {
    public static void main(String[] args) throws Exception {
        TaskCredentials first = ThreadCensus.take().tasks().get(0);
        System.out.println("before: uid " + first.uids().effective() + ", " + ThreadCensus.take().size()
                + " threads, " + (ThreadCensus.take().isUniform() ? "all identical" : "NOT uniform")
                + ", CapEff " + hex(first.caps().effective().mask()) + ", CapBnd " + hex(first.bounding().mask()));

        // snippet:drop-all
        Ambient.clear();
        Bounding.drop(Bounding.read().stream().toArray(Capability[]::new));
        int locked = 0;
        for (SecureBit bit : SecureBit.values()) {
            locked |= bit == SecureBit.KEEP_CAPS ? 0 : bit.mask(); // KEEP_CAPS off, and locked off
        }
        SecureBits.set(SecureBits.fromBits(locked));
        NoNewPrivs.set();
        Caps.empty().apply(); // last: the steps above need cap_setpcap
        // end-snippet

        System.out.println("after: " + ThreadCensus.take());
        System.out.println("securebits: " + SecureBits.read());
        System.out.println("no_new_privs: " + NoNewPrivs.isSet());
        attempt("regain permitted cap_net_bind_service", () -> Caps.empty()
                .add(Flag.PERMITTED, Capability.NET_BIND_SERVICE).add(Flag.EFFECTIVE, Capability.NET_BIND_SERVICE)
                .apply());
        attempt("raise ambient cap_net_bind_service", () -> Ambient.raise(Capability.NET_BIND_SERVICE));
        attempt("unlock securebits", () -> SecureBits.set(SecureBits.fromBits(0)));
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80));
            System.out.println("bind 127.0.0.1:80: bound (the drop did not work!)");
        } catch (IOException refused) {
            System.out.println("bind 127.0.0.1:80: " + refused.getMessage());
        }
        Process capsh = new ProcessBuilder("/usr/sbin/capsh", "--print").redirectErrorStream(true).start();
        String current = new String(capsh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("Current:")).findFirst().orElse("(no Current: line)");
        capsh.waitFor();
        System.out.println("exec root program: " + current);
    }

    private static void attempt(String what, Runnable action) {
        try {
            action.run();
            System.out.println(what + ": SUCCEEDED (nothing was dropped!)");
        } catch (CapabilityException refused) {
            System.out.println(what + ": refused (" + refused.errnoName() + ")");
        }
    }

    private static String hex(long mask) {
        return String.format("%016x", mask);
    }
}
