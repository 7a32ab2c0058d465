package org.caps4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One thread's outcome of a broadcast ({@code struct caps4j_thread_result}), including the
 * securebits, keep-caps and no_new_privs values the thread read back inside the signal handler
 * after running the op list: the only way to verify them, as /proc status does not show
 * securebits or keep-caps. Its bounding and ambient sets, read back the same way, let the
 * census check them without generating the thread's whole /proc status file.
 *
 * @param state 0 pending (never answered), 1 done, 2 gone (exited first)
 * @param step the failing op's index, or -1
 * @param err the failing op's errno, or 0
 * @param securebits PR_GET_SECUREBITS after the list, -errno if unreadable, -1 if not run
 * @param keepCaps PR_GET_KEEPCAPS after the list (same conventions)
 * @param noNewPrivs PR_GET_NO_NEW_PRIVS after the list (same conventions)
 * @param masksStatus 0 if {@code bounding} and {@code ambient} were read back after the list,
 *     -errno if that failed, -1 if not run
 * @param bounding the bounding set after the list (PR_CAPBSET_READ)
 * @param ambient the ambient set after the list (PR_CAP_AMBIENT_IS_SET)
 */
public record ThreadResult(int tid, int state, int step, int err, int securebits, int keepCaps,
        int noNewPrivs, int masksStatus, long bounding, long ambient) {
    /** ints per result in the buffers {@link NativeShim#broadcast} fills. */
    public static final int INTS = 12;
    static final int PENDING = 0, DONE = 1;

    /** The first {@code count} results of a buffer {@link NativeShim#broadcast} filled. */
    static List<ThreadResult> parse(int[] buffer, int count) {
        List<ThreadResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = i * INTS;
            results.add(new ThreadResult(buffer[at], buffer[at + 1], buffer[at + 2],
                    buffer[at + 3], buffer[at + 4], buffer[at + 5], buffer[at + 6],
                    buffer[at + 7], join(buffer[at + 8], buffer[at + 9]),
                    join(buffer[at + 10], buffer[at + 11])));
        }
        return results;
    }

    private static long join(int low, int high) {
        return (Integer.toUnsignedLong(high) << 32) | Integer.toUnsignedLong(low);
    }

    /** Never answered, or ran the list and failed. */
    boolean failed() {
        return state == PENDING || (state == DONE && err != 0);
    }

    /** Ran the list (its read-back values are meaningful). */
    boolean ran() {
        return state == DONE;
    }

    /** Ran the list and read its bounding and ambient sets back. */
    boolean readMasks() {
        return state == DONE && masksStatus == 0;
    }
}
