/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.launcher;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.caps4j.CapabilityException;
import org.caps4j.Iab;
import org.caps4j.Launcher;
import org.caps4j.Mode;
import org.caps4j.TaskCredentials;
import org.caps4j.ThreadCensus;

/**
 * Child JVM for {@link LauncherTest}; prints {@code key=value} lines. Four pool threads are
 * alive throughout; a census is printed before and after as {@code census.same} (uniform
 * before and after, same credentials) and the task counts.
 * <ul>
 *   <li>{@code status}: launch {@code cat} (alive on its stdin) as nobody with
 *       {@code ^cap_net_bind_service,!cap_net_raw} and no_new_privs; print its /proc status.</li>
 *   <li>{@code noprivmode}: launch {@code cat} in Mode.NOPRIV; print its status.</li>
 *   <li>{@code refused <file>}: each bad request; print the exception per case.</li>
 *   <li>{@code many}: 8 threads x 25 random launches, each checked, under a
 *       {@link TaskWatch}.</li>
 *   <li>{@code stepfails}: (run in {@code unshare -Ur}, where setgroups is denied) a launch
 *       whose setgroups step fails in the child.</li>
 *   <li>{@code verifyfails}: from a thread whose seccomp filter makes every
 *       {@code prctl(PR_CAP_AMBIENT, ...)} return 0 without doing anything (the clone child
 *       inherits it), a launch with an ambient capability: the read-back must catch it.</li>
 *   <li>{@code read <file>}: {@code cat <file>} as nobody with and without
 *       {@code ^cap_dac_read_search}.</li>
 * </ul>
 */
public final class LauncherMain {
    static final int NOBODY = 65534;
    private static final int PR_CAP_AMBIENT = 47;

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 1, TimeUnit.HOURS,
                new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        ThreadCensus before = ThreadCensus.take();
        try {
            run(args, before);
        } finally {
            pool.shutdownNow(); // a failure must end this JVM, not leave it waiting on the pool
        }
    }

    private static void run(String[] args, ThreadCensus before) throws Exception {
        switch (args[0]) {
            case "status" -> status(Launcher.of(new ProcessBuilder("cat"))
                    .iab(Iab.parse("^cap_net_bind_service,!cap_net_raw"))
                    .user(NOBODY, NOBODY, NOBODY).noNewPrivs(true));
            case "noprivmode" -> status(Launcher.of(new ProcessBuilder("cat")).mode(Mode.NOPRIV));
            case "refused" -> refused(args[1], args[2], args[3]);
            case "many" -> many();
            case "read" -> read(args[1]);
            case "verifyfails" -> verifyFails();
            case "stepfails" -> attempt("stepfails", Launcher.of(new ProcessBuilder("true"))
                    .user(0, 0, 0, 1));
            default -> throw new IllegalArgumentException(args[0]);
        }
        ThreadCensus after = ThreadCensus.take();
        System.out.println("census.before.tasks=" + before.size());
        System.out.println("census.after.tasks=" + after.size());
        System.out.println("census.same=" + (before.isUniform() && after.isUniform()
                && before.majority().sameCredentialsAs(after.majority())));
        System.out.println("census.detail=" + (after.isUniform() ? "uniform" : after.differing()));
    }

    private static void status(Launcher launcher) throws Exception {
        Process child = launcher.start();
        for (String line : Files.readAllLines(Path.of("/proc/" + child.pid() + "/status"))) {
            int colon = line.indexOf(':');
            System.out.println("child." + line.substring(0, colon) + "="
                    + line.substring(colon + 1).trim().replaceAll("\\s+", " "));
        }
        child.getOutputStream().close();
        System.out.println("child.exit=" + child.waitFor());
    }

    private static void refused(String setuidProgram, String fileCapsProgram,
            String scriptProgram) throws Exception {
        attempt("ambientNotPermitted", Launcher.of(new ProcessBuilder("true"))
                .iab(Iab.parse("^cap_net_raw")));
        attempt("userWithoutSetuid", Launcher.of(new ProcessBuilder("true")).user(0, 0));
        attempt("setuidTarget", Launcher.of(new ProcessBuilder(setuidProgram))
                .iab(Iab.parse("^cap_net_bind_service")));
        attempt("fileCapsTarget", Launcher.of(new ProcessBuilder(fileCapsProgram))
                .iab(Iab.parse("^cap_net_bind_service")));
        attempt("scriptInterpreterFileCaps", Launcher.of(new ProcessBuilder(scriptProgram))
                .iab(Iab.parse("^cap_net_bind_service")));
        attempt("ambientWithMode", Launcher.of(new ProcessBuilder("true"))
                .iab(Iab.parse("^cap_net_bind_service")).mode(Mode.PURE1E));
    }

    private static void attempt(String name, Launcher launcher) throws Exception {
        try {
            Process p = launcher.start();
            System.out.println(name + "=started " + p.waitFor());
        } catch (CapabilityException e) {
            System.out.println(name + "=" + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    /**
     * 8 threads x 25 launches of {@code cat /proc/self/status}, each with a random IAB (see
     * {@link RandomLaunch}), ids and no_new_privs, each child's status compared with what was
     * asked, while {@link TaskWatch} keeps reading every JVM task's credentials.
     */
    private static void many() throws Exception {
        TaskWatch watch = TaskWatch.start();
        long bounding = Long.parseUnsignedLong(watch.baseline().get("CapBnd"), 16);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            long seed = 1000 + t;
            results.add(threads.submit(() -> {
                java.util.Random random = new java.util.Random(seed);
                int ok = 0;
                for (int i = 0; i < 25; i++) {
                    RandomLaunch launch = RandomLaunch.next(random, bounding);
                    Process p = launch.launcher(new ProcessBuilder("cat", "/proc/self/status"))
                            .start();
                    String out = new String(p.getInputStream().readAllBytes(),
                            StandardCharsets.UTF_8);
                    String differences = launch.differences(out);
                    if (p.waitFor() == 0 && differences.isEmpty()) {
                        ok++;
                    } else {
                        System.out.println("many.bad=" + launch + ": " + differences);
                    }
                }
                return ok;
            }));
        }
        try {
            System.out.println("many.ok=" + collect(results));
        } finally {
            threads.shutdownNow();
        }
        watch.stopAndPrint();
    }

    private static int collect(List<Future<Integer>> results) throws Exception {
        int ok = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (Future<Integer> f : results) {
            try {
                ok += f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                Thread.getAllStackTraces().forEach((t, stack) -> System.out.println("stuck "
                        + t + " " + t.getState() + " " + java.util.Arrays.toString(stack)));
                System.exit(3);
            }
        }
        return ok;
    }

    private static void verifyFails() throws Exception {
        Thread thread = new Thread(() -> {
            org.caps4j.testing.Seccomp.failOnCurrentThread(
                    org.caps4j.testing.Seccomp.Syscall.PRCTL, PR_CAP_AMBIENT, 0);
            try {
                attempt("verifyfails", Launcher.of(new ProcessBuilder("true"))
                        .iab(Iab.parse("^cap_net_bind_service")));
            } catch (Exception e) {
                System.out.println("verifyfails=unexpected " + e);
            }
        });
        thread.start();
        thread.join();
    }

    private static void read(String file) throws Exception {
        for (String iab : new String[] {"^cap_dac_read_search", ""}) {
            Process p = Launcher.of(new ProcessBuilder("cat", file)).iab(Iab.parse(iab))
                    .user(NOBODY, NOBODY).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.getErrorStream().transferTo(OutputStream.nullOutputStream());
            System.out.println("read[" + iab + "]=" + p.waitFor() + " " + out.trim());
        }
    }
}
