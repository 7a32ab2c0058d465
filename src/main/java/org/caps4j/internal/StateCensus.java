package org.caps4j.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.caps4j.TaskCredentials;

/**
 * The census after a transaction that sets E/P/I, bounding and ambient ({@link KernelState}),
 * without generating every task's {@code /proc} status file (~20 µs of kernel time each, the
 * dominant cost of a broadcast to hundreds of threads).
 *
 * <p>Every task listed in {@code /proc/self/task} (raw directory read by the calling thread) is
 * checked:
 * <ul>
 *   <li>E, P and I with capget(2) on its tid, issued by the calling thread: the kernel's answer,
 *       independent of anything the task itself ran;</li>
 *   <li>the bounding and ambient sets from the values the thread read back inside the signal
 *       handler after running the op list ({@link ThreadResult#bounding()}); no system call
 *       reads another thread's bounding or ambient set;</li>
 *   <li>a task without such a read-back (the calling thread, a thread created after the sweep,
 *       one beyond the result slots, one whose read-back failed), one whose capget fails and
 *       one that differs in any field is read from {@code /proc/self/task/TID/status} and
 *       judged by {@link Transactions#confirm} exactly as the full census would judge it.</li>
 * </ul>
 */
final class StateCensus {
    private StateCensus() {}

    static void verify(String operation, KernelState expected, List<ThreadResult> answers) {
        Map<Integer, ThreadResult> readBack = new HashMap<>(answers.size() * 2);
        for (ThreadResult answer : answers) {
            if (answer.readMasks()) {
                readBack.put(answer.tid(), answer);
            }
        }
        NativeShim shim = Natives.shim();
        int[] tids = ProcTasks.tids();
        int[] words = new int[6];
        List<TaskCredentials> suspects = new ArrayList<>();
        for (int tid : tids) {
            ThreadResult answer = readBack.get(tid);
            if (answer == null || shim.capget(tid, words) != 0
                    || !matches(words, answer, expected)) {
                ProcTasks.readTask(tid).ifPresent(suspects::add);
            }
        }
        Transactions.confirm(operation, task -> KernelState.of(task).differences(expected),
                suspects, tids.length);
    }

    private static boolean matches(int[] words, ThreadResult answer, KernelState expected) {
        return join(words[0], words[3]) == expected.effective()
                && join(words[1], words[4]) == expected.permitted()
                && join(words[2], words[5]) == expected.inheritable()
                && answer.bounding() == expected.bounding()
                && answer.ambient() == expected.ambient();
    }

    private static long join(int low, int high) {
        return (Integer.toUnsignedLong(high) << 32) | Integer.toUnsignedLong(low);
    }
}
