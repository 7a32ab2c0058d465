package org.caps4j.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.caps4j.CapabilityException;
import org.caps4j.TaskCredentials;

/**
 * The transaction engine: read the calling thread's state, plan the steps to the target, run
 * them on every thread in one broadcast, retry threads that failed once, then verify every
 * task of /proc/self/task against the target ({@link StateCensus} for E/P/I, bounding and
 * ambient; the full /proc status census otherwise). Anything short of "every thread
 * is exactly in the target state" throws; nothing is ever reported as done that the kernel did
 * not confirm. One transaction at a time per JVM.
 */
public final class Transactions {
    /** How long a broadcast may wait for threads to answer. */
    static final int TIMEOUT_MILLIS = 10_000;
    /** Result slots ({@link ThreadResult#INTS} ints each); threads beyond them are still verified by the census. */
    private static final int RESULT_SLOTS = 8_192;
    /** One transaction at a time per JVM (also held by {@link CredentialTransactions}). */
    static final ReentrantLock LOCK = new ReentrantLock();

    private Transactions() {}

    /** Moves every thread from the calling thread's state to {@code target(current)}. */
    public static void applyToAllThreads(String operation, UnaryOperator<KernelState> target) {
        LOCK.lock();
        try {
            KernelState now = KernelState.ofCallingThread();
            Planner.Plan plan = Planner.plan(operation, now, target.apply(now),
                    securebits());
            run(operation, plan.ops(), plan.expected());
        } finally {
            LOCK.unlock();
        }
    }

    /** The calling thread only; refused on a virtual thread (its carrier would change). */
    public static void applyToCurrentThread(String operation,
            UnaryOperator<KernelState> target) {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException(operation + " on the current thread refused: this "
                    + "is a virtual thread, whose carrier thread would change instead and "
                    + "other virtual threads would run with it; call it from a platform thread "
                    + "or use apply() for the whole process");
        }
        KernelState now = KernelState.ofCallingThread();
        Planner.Plan plan = Planner.plan(operation, now, target.apply(now), securebits());
        int[] step = {-1};
        int result = Natives.shim().runOps(plan.ops().toArray(), step);
        if (result < 0) {
            throw Failures.failure(plan.ops().describe(step[0]), -result,
                    "on the calling thread (step " + step[0] + " of " + operation + ")", "");
        }
        KernelState after = KernelState.ofCallingThread();
        if (!after.equals(plan.expected())) {
            throw new CapabilityException(operation, 0, "to reach the requested state on the "
                    + "calling thread", "The kernel reports " + after.differences(plan.expected()));
        }
    }

    /** The calling thread's securebits word (prctl PR_GET_SECUREBITS). */
    static int securebits() {
        return Failures.check(Natives.shim().readSecurebits(), "prctl(PR_GET_SECUREBITS)",
                "for the calling thread");
    }

    /**
     * Runs {@code ops} on every thread and verifies all of them end in {@code expected}, with
     * the census of {@link StateCensus} (E/P/I of every listed task by capget from this thread,
     * bounding and ambient from each thread's read-back, /proc status for the rest).
     */
    static List<ThreadResult> run(String operation, OpList ops, KernelState expected) {
        List<ThreadResult> answers = execute(operation, ops);
        StateCensus.verify(operation, expected, answers);
        return answers;
    }

    /**
     * Runs {@code ops} on every thread, retries failed threads once, then verifies every task
     * with {@code check} (the differences from the target as text, empty if it matches).
     * Returns the per-thread results (the retry's for retried threads; at most
     * {@link #RESULT_SLOTS}) so callers can verify what /proc does not show.
     */
    static List<ThreadResult> run(String operation, OpList ops,
            Function<TaskCredentials, String> check) {
        List<ThreadResult> answers = execute(operation, ops);
        verify(operation, check);
        return answers;
    }

    /** The broadcast and the retry of failed threads; throws unless every thread succeeded. */
    private static List<ThreadResult> execute(String operation, OpList ops) {
        NativeShim shim = Natives.shim();
        long[] array = ops.toArray();
        int[] results = resultBuffer();
        int[] summary = new int[8];
        int rc = shim.broadcast(array, new int[0], TIMEOUT_MILLIS, results, summary);
        if (rc < 0 && summary[0] >= 0) {
            throw Failures.failure(ops.describe(summary[0]), summary[1],
                    "on the calling thread at step " + summary[0] + " of " + operation
                            + "; no other thread was changed", "");
        }
        if (rc < 0 && summary[6] == 0 && summary[2] == 0) {
            throw Failures.failure(operation + " broadcast", -rc, "before any thread was "
                    + "changed (cannot read /proc/self/task or install the signal handler)", "");
        }
        List<ThreadResult> answers = new ArrayList<>(ThreadResult.parse(results, summary[7]));
        List<ThreadResult> failed = answers.stream().filter(ThreadResult::failed).toList();
        boolean retried = false;
        if (rc == 0 && !failed.isEmpty()) {
            retried = true;
            int[] tids = failed.stream().mapToInt(ThreadResult::tid).toArray();
            int[] retrySummary = new int[8];
            int[] retryResults = new int[tids.length * ThreadResult.INTS];
            rc = shim.broadcast(array, tids, TIMEOUT_MILLIS, retryResults, retrySummary);
            List<ThreadResult> again = ThreadResult.parse(retryResults, retrySummary[7]);
            answers.removeIf(r -> r.failed());
            answers.addAll(again);
            failed = again.stream().filter(ThreadResult::failed).toList();
        }
        if (rc < 0) {
            throw Failures.failure(operation + " broadcast", -rc, "after signalling "
                    + summary[2] + " threads (" + summary[5] + " never answered: "
                    + tids(failed) + ")", "");
        }
        if (!failed.isEmpty()) {
            ThreadResult first = failed.get(0);
            throw Failures.failure(ops.describe(first.step()), first.err(), "on "
                    + failed.size() + " of " + (summary[2] + 1) + " threads during " + operation
                    + (retried ? ", also when retried" : "") + " (tids " + tids(failed) + ")",
                    "Those threads may now differ from the rest");
        }
        return answers;
    }

    /** Reused while {@link #LOCK} is held (every transaction holds it): 384 KiB per call otherwise. */
    private static int[] sharedResults;

    private static int[] resultBuffer() {
        if (!LOCK.isHeldByCurrentThread()) {
            return new int[RESULT_SLOTS * ThreadResult.INTS];
        }
        if (sharedResults == null) {
            sharedResults = new int[RESULT_SLOTS * ThreadResult.INTS];
        }
        return sharedResults;
    }

    private static String tids(List<ThreadResult> threads) {
        return threads.stream().map(r -> Integer.toString(r.tid()))
                .collect(Collectors.joining(","));
    }

    /**
     * Census: every task must pass {@code check}. A task that differs is read again a few
     * times: one that was exiting during the broadcast (it can no longer run code) disappears;
     * one that is alive and still differs is reported.
     */
    static void verify(String operation, Function<TaskCredentials, String> check) {
        List<TaskCredentials> tasks = ProcTasks.read();
        confirm(operation, check, tasks, tasks.size());
    }

    /**
     * Checks {@code tasks} (read from /proc) with {@code check}, re-reading a task that differs
     * a few times; throws naming those still different, out of {@code censusSize} tasks.
     */
    static void confirm(String operation, Function<TaskCredentials, String> check,
            List<TaskCredentials> tasks, int censusSize) {
        Map<Integer, String> wrong = new HashMap<>();
        for (TaskCredentials task : tasks) {
            String differences = check.apply(task);
            if (!differences.isEmpty()) {
                wrong.put(task.tid(), task.name() + ": " + differences);
            }
        }
        for (int attempt = 0; attempt < 5 && !wrong.isEmpty(); attempt++) {
            pause();
            wrong.keySet().removeIf(tid -> ProcTasks.readTask(tid)
                    .map(again -> check.apply(again).isEmpty())
                    .orElse(true));
        }
        if (!wrong.isEmpty()) {
            throw new CapabilityException(operation, 0, "to reach " + wrong.size() + " of "
                    + censusSize + " threads",
                    "The census of /proc/self/task differs from the requested state on tid "
                            + wrong.entrySet().stream().limit(10)
                                    .map(e -> e.getKey() + " (" + e.getValue() + ")")
                                    .collect(Collectors.joining("; ")));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
