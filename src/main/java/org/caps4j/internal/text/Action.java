/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal.text;

/**
 * The operators of a clause and what each does to the listed capabilities.
 *
 * <p>libcap applies an operator again after every flag letter, with the flags seen so far; the
 * result is the same as applying it once with all of them, which is what happens here.
 */
enum Action {
    /** {@code =}: the listed capabilities leave all three sets, then join the flagged ones. */
    ASSIGN("="),
    /** {@code =+}: the same as {@code =}, except that at least one flag must follow. */
    ASSIGN_RAISE("=+"),
    /**
     * {@code =-}: clears the listed capabilities from all three sets, then lowers the flagged
     * sets, which are already clear, so the flags make no difference (but one is required).
     */
    ASSIGN_LOWER("=-"),
    /** {@code +}: adds the listed capabilities to the flagged sets. */
    RAISE("+"),
    /** {@code -}: removes the listed capabilities from the flagged sets. */
    LOWER("-");

    private final String symbol;

    Action(String symbol) {
        this.symbol = symbol;
    }

    /** How the operator is written, for error messages. */
    String symbol() {
        return symbol;
    }

    /** Only a plain {@code =} may have no flags: "cap_chown=" removes cap_chown everywhere. */
    boolean allowsNoFlags() {
        return this == ASSIGN;
    }

    void apply(CapsBuilder sets, long list, int flags) {
        switch (this) {
            case ASSIGN, ASSIGN_RAISE -> {
                sets.clear(list);
                sets.raise(list, flags);
            }
            case ASSIGN_LOWER -> sets.clear(list);
            case RAISE -> sets.raise(list, flags);
            case LOWER -> sets.lower(list, flags);
        }
    }
}
