/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Requests waiting for an administrator: each under a random 128-bit id (32 lowercase hex
 * digits from {@link SecureRandom}), bound to the uid that asked, valid for a fixed time and
 * for one collection.
 *
 * <p>Bounded per uid and in total, so a client cannot fill the helper's memory. Expired
 * entries are removed on every call. Unknown, expired, already collected and other uids' ids
 * all look the same to the caller ({@link Collected.Unknown}), so an id cannot be probed.
 *
 * @param <R> what is stored with an id (the operation and its parameters)
 */
public final class ApprovalStore<R> {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The result of {@link #collect}. */
    public sealed interface Collected<R> {
        /** Approved: the request, now removed. @param request the stored request */
        record Approved<R>(R request) implements Collected<R> {}
        /** Denied: now removed. */
        record Denied<R>() implements Collected<R> {}
        /** Not decided yet: still stored. */
        record Waiting<R>() implements Collected<R> {}
        /** No such id for this uid (never existed, expired, used, or another uid's). */
        record Unknown<R>() implements Collected<R> {}
    }

    /** One stored request as an administrator sees it. @param id the id @param uid who asked
     * @param request the request @param decided whether approved or denied already */
    public record Entry<R>(String id, int uid, R request, boolean decided) {}

    private enum State { WAITING, APPROVED, DENIED }

    private record Stored<R>(int uid, R request, long deadlineNanos, State state) {}

    private final Map<String, Stored<R>> entries = new LinkedHashMap<>();
    private final long ttlNanos;
    private final int perUid;
    private final int total;

    /**
     * @param ttl how long an id stays valid after it was issued
     * @param perUid most entries one uid may have at once
     * @param total most entries altogether
     */
    public ApprovalStore(Duration ttl, int perUid, int total) {
        this.ttlNanos = ttl.toNanos();
        this.perUid = perUid;
        this.total = total;
    }

    /** {@return a new id: 128 random bits as 32 lowercase hex digits} */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** {@return whether {@code text} has the form of an id} @param text a client's text */
    public static boolean isWellFormed(String text) {
        return text.length() == 32 && text.chars().allMatch(
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /**
     * Stores {@code request} for {@code uid}.
     *
     * @param uid who asked
     * @param request what to run once approved
     * @return the new id, or empty if {@code uid} or the whole store is at its limit
     */
    public synchronized Optional<String> submit(int uid, R request) {
        expire();
        long mine = entries.values().stream().filter(e -> e.uid() == uid).count();
        if (entries.size() >= total || mine >= perUid) {
            return Optional.empty();
        }
        String id = newId();
        entries.put(id, new Stored<>(uid, request, System.nanoTime() + ttlNanos, State.WAITING));
        return Optional.of(id);
    }

    /**
     * Approves or denies a waiting request.
     *
     * @param id the id
     * @param approve true to approve, false to deny
     * @return the request, or empty if there is no waiting request with that id
     */
    public synchronized Optional<R> decide(String id, boolean approve) {
        expire();
        Stored<R> stored = entries.get(id);
        if (stored == null || stored.state() != State.WAITING) {
            return Optional.empty();
        }
        entries.put(id, new Stored<>(stored.uid(), stored.request(), stored.deadlineNanos(),
                approve ? State.APPROVED : State.DENIED));
        return Optional.of(stored.request());
    }

    /**
     * Collects the decision on {@code id} for {@code uid}; a decided id is removed (single use).
     *
     * @param id the id
     * @param uid who collects; must be the uid that asked
     * @return the outcome
     */
    public synchronized Collected<R> collect(String id, int uid) {
        expire();
        Stored<R> stored = entries.get(id);
        if (stored == null || stored.uid() != uid) {
            return new Collected.Unknown<>();
        }
        return switch (stored.state()) {
            case WAITING -> new Collected.Waiting<>();
            case APPROVED -> {
                entries.remove(id);
                yield new Collected.Approved<>(stored.request());
            }
            case DENIED -> {
                entries.remove(id);
                yield new Collected.Denied<>();
            }
        };
    }

    /** {@return every live entry, oldest first} */
    public synchronized List<Entry<R>> list() {
        expire();
        return entries.entrySet().stream().map(e -> new Entry<>(e.getKey(), e.getValue().uid(),
                e.getValue().request(), e.getValue().state() != State.WAITING)).toList();
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Stored<R>> it = entries.values().iterator(); it.hasNext(); ) {
            if (now - it.next().deadlineNanos() >= 0) {
                it.remove();
            }
        }
    }
}
