/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.engine;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.caps4j.Ambient;
import org.caps4j.Capability;
import org.caps4j.CapabilityException;
import org.caps4j.Caps;
import org.caps4j.Flag;
import org.caps4j.KeepCaps;
import org.caps4j.Mode;
import org.caps4j.SecureBits;
import org.caps4j.testing.LibcapOracle;
import org.caps4j.testing.ProcTasks;

/**
 * Child JVM for the mode tests (run as root, 4 pool workers alive). After each step it prints,
 * for the main thread and every worker, caps4j's {@link Mode#current()} next to libcap's
 * cap_get_mode() (FFM), that thread's own securebits, capsh's "Guessed mode:" line for a
 * program a worker starts, and the /proc census.
 *
 * <ul>
 *   <li>{@code walk <set-uid program> <file-cap +p program> <file-cap +ep program>}: root (HYBRID); keep-caps alone;
 *       Mode.set(HYBRID); an ambient cap; Mode.set(PURE1E) with I = {net_bind_service}, then
 *       an ambient raise and Mode.set(HYBRID) (both refused); Mode.set(PURE1E_INIT);
 *       Mode.set(NOPRIV), then both programs run from every thread, then
 *       Mode.set(NOPRIV) again (refused: CAP_SETPCAP is gone, as with libcap).</li>
 *   <li>{@code uncertain}: securebits 0x2f, then Mode.set(PURE1E).</li>
 *   <li>{@code nosetpcap}: without CAP_SETPCAP, Mode.set(NOPRIV) is refused.</li>
 * </ul>
 */
public final class ModeMain {
    static final String[] FIELDS =
            {"CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb", "NoNewPrivs", "Uid"};

    private static ThreadPoolExecutor pool;

    public static void main(String[] args) throws Exception {
        pool = new ThreadPoolExecutor(IdentityMain.WORKERS, IdentityMain.WORKERS, 1,
                TimeUnit.HOURS, new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        try {
            scenario(args);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void scenario(String[] args) throws Exception {
        switch (args[0]) {
            case "walk" -> walk(args[1], args[2], args[3]);
            case "uncertain" -> {
                observe("root");
                SecureBits.set(SecureBits.fromBits(0x2f));
                observe("basic");
                Mode.set(Mode.PURE1E);
                observe("pure1e");
            }
            case "nosetpcap" -> {
                Caps.fromProcess().remove(Flag.EFFECTIVE, Capability.SETPCAP)
                        .remove(Flag.PERMITTED, Capability.SETPCAP).apply();
                observe("before");
                attempt("refused", () -> Mode.set(Mode.NOPRIV));
                observe("after");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void walk(String setuidProgram, String fileCapProgram, String fileCapEffProgram)
            throws Exception {
        observe("root");
        execs("root", setuidProgram, fileCapProgram, fileCapEffProgram);
        KeepCaps.set(true);
        observe("keepcaps");
        KeepCaps.set(false);
        Mode.set(Mode.HYBRID);
        observe("hybrid");
        Caps.fromProcess().activate().add(Flag.INHERITABLE, Capability.NET_BIND_SERVICE).apply();
        Ambient.raise(Capability.NET_BIND_SERVICE);
        observe("ambient");
        Mode.set(Mode.PURE1E);
        observe("pure1e");
        attempt("pure1e.raise", () -> Ambient.raise(Capability.NET_BIND_SERVICE));
        attempt("pure1e.hybrid", () -> Mode.set(Mode.HYBRID));
        attempt("pure1e.uncertain", () -> Mode.set(Mode.UNCERTAIN));
        observe("refused");
        Mode.set(Mode.PURE1E_INIT);
        observe("pure1eInit");
        Mode.set(Mode.NOPRIV);
        observe("nopriv");
        execs("nopriv", setuidProgram, fileCapProgram, fileCapEffProgram);
        attempt("nopriv.again", () -> Mode.set(Mode.NOPRIV));
    }

    /** Both classifications on every thread, securebits per thread, capsh, the census. */
    private static void observe(String label) throws Exception {
        System.out.println(label + ".main=" + classification());
        System.out.println(label + ".workers=" + IdentityMain.onEveryWorker(pool,
                ModeMain::classification));
        System.out.println(label + ".capsh=" + pool.submit(ModeMain::capsh).get());
        ProcTasks.print(label, FIELDS);
    }

    /** {@code caps4j NAME(value) libcap value securebits 0x..}, read on the calling thread. */
    private static String classification() {
        Mode mode = Mode.current();
        return mode + "(" + mode.libcapValue() + ") libcap(" + LibcapOracle.getMode()
                + ") securebits 0x" + Integer.toHexString(SecureBits.read().bits());
    }

    private static void attempt(String label, Runnable change) {
        try {
            change.run();
            System.out.println(label + "=none");
        } catch (CapabilityException e) {
            System.out.println(label + "=" + e.getClass().getSimpleName() + "|" + e.errnoName()
                    + "|" + e.getMessage().replace('\n', ' '));
        } catch (IllegalArgumentException e) {
            System.out.println(label + "=" + e.getClass().getSimpleName() + "||"
                    + e.getMessage().replace('\n', ' '));
        }
    }

    /** What each program's own /proc/self/status says, run from main and every worker. */
    private static void execs(String label, String setuidProgram, String fileCapProgram,
            String fileCapEffProgram) throws Exception {
        for (String[] program : new String[][] {{"setuid", setuidProgram},
            {"filecap", fileCapProgram}, {"filecapEff", fileCapEffProgram}}) {
            System.out.println(label + ".exec." + program[0] + ".main=" + caps(program[1]));
            System.out.println(label + ".exec." + program[0] + ".workers="
                    + IdentityMain.onEveryWorker(pool, () -> caps(program[1])));
        }
    }

    /**
     * The program's CapPrm/CapEff/CapAmb, or {@code refused: <reason>} when execve fails (the
     * kernel refuses a file with the effective bit whose permitted caps it cannot all grant).
     */
    private static String caps(String grep) throws InterruptedException {
        try {
            return run(grep, "-E", "^(CapEff|CapPrm|CapAmb)", "/proc/self/status")
                    .replaceAll("\\s+", "");
        } catch (IOException e) {
            String message = String.valueOf(e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage());
            return "refused: " + message.strip();
        }
    }

    /** capsh --print's "Guessed mode:" line, from a program started by this thread. */
    private static String capsh() throws IOException, InterruptedException {
        return run("capsh", "--print").lines().filter(l -> l.startsWith("Guessed mode:"))
                .findFirst().orElse("none");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes()).strip();
        process.waitFor();
        return text;
    }
}
