package org.caps4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One thread's outcome of a broadcast ({@code struct caps4j_thread_result}), including the
 * securebits, keep-caps and no_new_privs values the thread read back inside the signal handler
 * after running the op list: the only way to verify them, as /proc status does not show
 * securebits or keep-caps.
 *
 * @param state 0 pending (never answered), 1 done, 2 gone (exited first)
 * @param step the failing op's index, or -1
 * @param err the failing op's errno, or 0
 * @param securebits PR_GET_SECUREBITS after the list, -errno if unreadable, -1 if not run
 * @param keepCaps PR_GET_KEEPCAPS after the list (same conventions)
 * @param noNewPrivs PR_GET_NO_NEW_PRIVS after the list (same conventions)
 */
public record ThreadResult(int tid, int state, int step, int err, int securebits, int keepCaps,
        int noNewPrivs) {
    /** ints per result in the buffers {@link NativeShim#broadcast} fills. */
    public static final int INTS = 8;
    static final int PENDING = 0, DONE = 1;

    /** The first {@code count} results of a buffer {@link NativeShim#broadcast} filled. */
    static List<ThreadResult> parse(int[] buffer, int count) {
        List<ThreadResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = i * INTS;
            results.add(new ThreadResult(buffer[at], buffer[at + 1], buffer[at + 2],
                    buffer[at + 3], buffer[at + 4], buffer[at + 5], buffer[at + 6]));
        }
        return results;
    }

    /** Never answered, or ran the list and failed. */
    boolean failed() {
        return state == PENDING || (state == DONE && err != 0);
    }

    /** Ran the list (its read-back values are meaningful). */
    boolean ran() {
        return state == DONE;
    }
}
