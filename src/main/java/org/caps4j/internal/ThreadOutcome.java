/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/**
 * One thread's answer to a broadcast ({@code struct caps4j_thread_result}), decoded once by
 * the native binding.
 *
 * @param ran whether it ran the op list (false: it was already at the target, or never answered)
 * @param step the failing op's index, or -1
 * @param errno the failing op's errno (ETIMEDOUT if it never answered), or 0
 * @param mismatched the {@link Fields} that still differ from the target in its own read-back
 * @param securebits its securebits after the list when they were a field, else -1
 */
public record ThreadOutcome(int tid, State state, boolean ran, int step, int errno,
        int mismatched, int securebits) {
    /** {@code enum caps4j_thread_state}. */
    public enum State {
        PENDING, DONE, GONE;

        static State of(int code) {
            return switch (code) {
                case 0 -> PENDING;
                case 1 -> DONE;
                case 2 -> GONE;
                default -> throw new IllegalStateException("thread state " + code);
            };
        }
    }

    public boolean answered() {
        return state == State.DONE;
    }

    /** Answered, ran the list without error and reads back exactly the target. */
    public boolean reachedTarget() {
        return state == State.DONE && errno == 0 && mismatched == 0;
    }
}
