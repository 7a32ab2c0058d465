/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.CapabilitySet;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.Identity;
import org.caps4j.KeepCaps;
import org.caps4j.NoNewPrivs;
import org.caps4j.SecureBit;
import org.caps4j.SecureBits;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM for L10/L11 (run as root, 4 pool workers alive). {@code lock}: keep-caps on, then
 * SecureBits.lock() twice, then attempts to clear a locked flag, a lock bit and to set an
 * unnamed bit; each thread reports its own securebits (prctl on that thread) and capsh, started
 * from a worker, reports what an exec'd program inherits. {@code nnp <file-cap program>}: become
 * nobody, run the program (a copy of grep with cap_net_raw+ep) from every worker, set
 * no_new_privs, run it again. {@code nosetpcap}: without CAP_SETPCAP securebits are refused,
 * while no_new_privs and keep-caps need no capability.
 */
public final class SecureBitsMain {
    static final String[] FIELDS = {"NoNewPrivs", "CapEff", "CapPrm", "Uid"};

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(IdentityMain.WORKERS,
                IdentityMain.WORKERS, 1, TimeUnit.HOURS, new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        if (args[0].equals("lock")) {
            KeepCaps.set(true);
            report("before", pool);
            SecureBits.lock();
            report("locked", pool);
            System.out.println("locked.capsh=" + pool.submit(SecureBitsMain::capsh).get());
            SecureBits.lock();
            report("second", pool);
            int bits = SecureBits.read().bits();
            attempt("clearFlag", bits & ~SecureBit.NOROOT.mask());
            attempt("clearLock", bits & ~SecureBit.NO_SETUID_FIXUP_LOCKED.mask());
            attempt("unnamed", bits | (1 << 8));
            report("final", pool);
        } else if (args[0].equals("nosetpcap")) {
            Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.SETPCAP)
                    .remove(Flag.PERMITTED, Capability.SETPCAP).apply();
            report("before", pool);
            attempt("noSetpcap", SecureBit.NOROOT.mask());
            report("refused", pool);
            NoNewPrivs.set();
            KeepCaps.set(true);
            report("after", pool);
        } else {
            String program = args[1];
            Identity.change("nobody", CapabilitySet.empty());
            report("nobody", pool);
            System.out.println("nobody.exec=" + IdentityMain.onEveryWorker(pool,
                    () -> grepCapEff(program)));
            NoNewPrivs.set();
            report("nnp", pool);
            System.out.println("nnp.exec=" + IdentityMain.onEveryWorker(pool,
                    () -> grepCapEff(program)));
            System.out.println("nnp.main.exec=" + grepCapEff(program));
            System.out.println("nnp.isSet=" + NoNewPrivs.isSet());
        }
        pool.shutdownNow();
    }

    private static void report(String label, ThreadPoolExecutor pool) throws Exception {
        System.out.println(label + ".main.securebits=" + SecureBits.read().bits());
        System.out.println(label + ".workers.securebits=" + IdentityMain.onEveryWorker(pool,
                () -> Integer.toString(SecureBits.read().bits())));
        ProcTasks.print(label, FIELDS);
    }

    private static void attempt(String label, int bits) {
        try {
            SecureBits.set(SecureBits.fromBits(bits));
            System.out.println(label + "=none");
        } catch (CapabilityException e) {
            System.out.println(label + "=" + e.getClass().getSimpleName() + "|" + e.errnoName()
                    + "|" + e.getMessage());
        } catch (IllegalArgumentException e) {
            System.out.println(label + "=" + e.getClass().getSimpleName() + "||" + e.getMessage());
        }
    }

    /** capsh --print's Securebits line, from a program started by this thread. */
    private static String capsh() throws IOException, InterruptedException {
        return run("capsh", "--print").lines().filter(l -> l.startsWith("Securebits:"))
                .findFirst().orElse("none");
    }

    private static String grepCapEff(String program) throws IOException, InterruptedException {
        return run(program, "-E", "^CapEff", "/proc/self/status").replaceAll("\\s+", "");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes()).strip();
        process.waitFor();
        return text;
    }
}
