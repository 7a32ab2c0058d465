package org.caps4j.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts a child with other credentials than the JVM's without changing any JVM thread: a new
 * platform thread (never a pool thread) changes its <em>own</em> credentials with raw system
 * calls ({@code caps4j_run_ops}), calls {@link ProcessBuilder#start()} — the JDK spawns from
 * the calling thread (posix_spawn via jspawnhelper, vfork or fork), and the kernel copies the
 * calling thread's credentials into the child — and ends. Nothing else ever runs on it.
 *
 * <p>One hazard comes from the JDK: {@code start()} hands the new pid to the "process reaper"
 * pool, and when no reaper thread is idle the pool creates one <em>from the calling
 * thread</em>, which would inherit the launch credentials for good (the JDK's Cleaner thread,
 * started on first use, is the same). So each launch first makes sure a reaper thread created
 * by a normal thread is idle (a warm-up spawn of {@code true} if none is), and afterwards
 * checks every task that appeared during the launch: one that carries other credentials than
 * the caller's fails the launch (the child is killed) instead of being reported as success.
 * Launches are serialized with the engine's transactions (a broadcast would otherwise also
 * reach the launch thread, and a launch thread would break a census).
 */
public final class LaunchThread {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static volatile boolean warmedUp;
    /** Warm-up spawns tried before a launch is refused for want of an idle reaper. */
    private static final int RESERVE_ATTEMPTS = 10;
    /** Idle-looking reapers required before a launch; see {@link #awaitIdleReaper}. */
    private static final int IDLE_REAPERS_WANTED = 2;
    private static volatile boolean reserveReapers = true;

    private LaunchThread() {}

    /**
     * Test hook: without the idle-reaper reserve, the JDK creates reaper threads from the
     * launch thread and {@link #start} must detect them and fail.
     */
    public static void reserveReapersForTests(boolean on) {
        reserveReapers = on;
    }

    /** Checks and plans {@code plan}, then starts {@code builder} from a launch thread. */
    public static Process start(ProcessBuilder builder, LaunchPlan plan) throws IOException {
        NativeShim shim = Natives.shim();
        Engine.LOCK.lock();
        // Another copy of caps4j must not broadcast while the launch thread differs.
        int turn = shim.beginTurn(Engine.TIMEOUT_MILLIS);
        try {
            Failures.check(turn, "take the process-wide transaction turn", "for "
                    + LaunchPlan.OPERATION);
            TaskStatus caller = ProcTasks.readTask(Natives.shim().gettid()).orElseThrow();
            ensureIdleReaper();
            Set<Integer> before = tids();
            Outcome outcome = new Outcome();
            Thread thread = new Thread(() -> outcome.run(builder, plan), "caps4j-launch");
            thread.setDaemon(true);
            thread.start();
            joinUninterruptibly(thread);
            awaitGone(outcome.tid);
            checkNewTasks(before, caller, outcome);
            return outcome.result();
        } finally {
            if (turn == 0) {
                shim.endTurn();
            }
            Engine.LOCK.unlock();
        }
    }

    /** What happened on the launch thread. */
    private static final class Outcome {
        volatile int tid = -1;
        volatile Process process;
        volatile Throwable failure;

        void run(ProcessBuilder builder, LaunchPlan plan) {
            try {
                NativeShim shim = Natives.shim();
                tid = shim.gettid();
                Planner.Plan steps = plan.plan(CredentialState.ofCallingThread());
                NativeShim.RunResult rc = shim.run(steps.transaction());
                if (rc.result() < 0) {
                    throw Failures.failure(steps.ops().describe(rc.failedStep()), -rc.result(),
                            "on the launch thread (nothing was started)", "");
                }
                String differences = CredentialState.ofCallingThread()
                        .differences(steps.expected(), Fields.ALL);
                if (!differences.isEmpty()) {
                    throw new KernelFailure(LaunchPlan.OPERATION, 0, "to reach the "
                            + "requested state on the launch thread (nothing was started)",
                            "The kernel reports " + differences);
                }
                process = builder.start();
            } catch (Throwable e) {
                failure = e;
            }
        }

        Process result() throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return process;
        }
    }

    /**
     * Initializes the JDK's process classes (and their Cleaner) from a normal thread once, and
     * makes sure an idle "process reaper" exists so the launch thread does not create one.
     */
    private static void ensureIdleReaper() throws IOException {
        if (!reserveReapers || (warmedUp && awaitIdleReaper(2_000_000L))) {
            return; // a reaper that just delivered an exit status is idle again within ~1 ms
        }
        // Busy reapers (children still running) or a loaded machine: spawn from this normal
        // thread until a reaper it created is idle. Never go on without one: the launch thread
        // would then create the reaper and leave it with the launch credentials.
        for (int attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
            warmUpReapers();
            if (awaitIdleReaper(200_000_000L)) {
                warmedUp = true;
                return;
            }
        }
        throw new KernelFailure(LaunchPlan.OPERATION, 0, "to reserve an idle JDK process "
                + "reaper thread (nothing was started)", "Without one the JDK would create it "
                + "from the launch thread, which would keep the child's credentials; retry when "
                + "fewer child processes are running");
    }

    /**
     * Runs {@link #IDLE_REAPERS_WANTED} children at the same time from this (normal) thread, so
     * the JDK needs that many reapers at once and creates any missing one here; they are idle
     * again once the children have exited.
     */
    private static void warmUpReapers() throws IOException {
        List<Process> children = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < IDLE_REAPERS_WANTED; i++) {
                children.add(new ProcessBuilder("cat").redirectOutput(Redirect.DISCARD)
                        .redirectError(Redirect.DISCARD).start());
            }
        } finally {
            for (Process child : children) {
                child.getOutputStream().close(); // cat exits at end of input
            }
            children.forEach(LaunchThread::waitForUninterruptibly);
        }
    }

    /**
     * Waits until at least {@link #IDLE_REAPERS_WANTED} reapers look idle. A reaper that the
     * previous launch's submission already matched still shows TIMED_WAITING until the
     * scheduler wakes it (seen under load), so one idle-looking reaper is not proof enough.
     */
    private static boolean awaitIdleReaper(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (idleReapers() < IDLE_REAPERS_WANTED) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.yield();
        }
        return true;
    }

    private static int idleReapers() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 32];
        int n = root.enumerate(threads, true);
        int idle = 0;
        for (int i = 0; i < n; i++) {
            if ("process reaper".equals(threads[i].getName())
                    && threads[i].getState() == Thread.State.TIMED_WAITING) {
                idle++;
            }
        }
        return idle;
    }

    /** Every task created while the launch ran must have the caller's credentials. */
    private static void checkNewTasks(Set<Integer> before, TaskStatus caller,
            Outcome outcome) {
        List<TaskStatus> wrong = tids().stream().filter(t -> !before.contains(t))
                .map(ProcTasks::readTask).flatMap(java.util.Optional::stream)
                .filter(t -> !t.sameCredentialsAs(caller)).toList();
        if (!wrong.isEmpty()) {
            if (outcome.process != null) {
                outcome.process.destroyForcibly();
            }
            throw new KernelFailure(LaunchPlan.OPERATION, 0, "to keep the JVM's threads "
                    + "unchanged", "Thread(s) created during the launch carry other "
                    + "credentials than the JVM's (the JDK created them from the launch thread, "
                    + "e.g. a process reaper): " + wrong.stream().map(TaskStatus::toString)
                            .collect(Collectors.joining("; ")) + "; the child was killed");
        }
    }

    /** Waits until the launch thread's task has left /proc/self/task. */
    private static void awaitGone(int tid) {
        if (tid < 0) {
            return;
        }
        Path task = TASKS.resolve(Integer.toString(tid));
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (int spins = 0; Files.exists(task); spins++) {
            if (System.nanoTime() > deadline) {
                throw new KernelFailure(LaunchPlan.OPERATION, 0, "to end the launch "
                        + "thread", "tid " + tid + " still exists after 5 s");
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private static Set<Integer> tids() {
        Set<Integer> tids = new HashSet<>();
        try (var entries = Files.newDirectoryStream(TASKS)) {
            for (Path entry : entries) {
                tids.add(Integer.parseInt(entry.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tids;
    }

    private static void waitForUninterruptibly(Process process) {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
