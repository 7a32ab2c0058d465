/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper.internal;

import java.util.Objects;
import java.util.function.Consumer;
import org.caps4j.helper.PeerCredentials;

/**
 * Writes one line per request:
 * {@code caps4j-helper uid=1000 gid=1000 pid=4242 method=com.example.Panel.ReadLog
 * decision=allowed result=ok} and, where there is one, {@code detail="..."}.
 *
 * <p>Every value the client chose (the method name) or that may carry text (the detail) is
 * escaped: only {@code [A-Za-z0-9._-]} passes through unchanged in a method, and the detail has
 * quotes, backslashes and control characters written as {@code \xNN}, so a client cannot
 * forge a second line or a field.
 */
public final class AuditLog {
    /** The System.Logger name the default sink writes to, at INFO. */
    public static final String LOGGER_NAME = "org.caps4j.helper.audit";
    private static final int MAX_FIELD = 256;

    private final Consumer<String> sink;

    /** @param sink where each line goes */
    public AuditLog(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** {@return a sink writing to {@link System.Logger} {@value #LOGGER_NAME} at INFO} */
    public static Consumer<String> systemLogger() {
        System.Logger logger = System.getLogger(LOGGER_NAME);
        return line -> logger.log(System.Logger.Level.INFO, line);
    }

    /**
     * Writes one line.
     *
     * @param peer who asked
     * @param method the method as the client sent it
     * @param decision allowed, denied, pending, invalid, approved, ...
     * @param result ok, failed, or {@code -} when nothing ran
     * @param detail server-side detail (an exception, a request id), or {@code null}
     */
    public void record(PeerCredentials peer, String method, String decision, String result,
            String detail) {
        StringBuilder line = new StringBuilder("caps4j-helper uid=")
                .append(Integer.toUnsignedString(peer.uid()))
                .append(" gid=").append(Integer.toUnsignedString(peer.gid()))
                .append(" pid=").append(peer.pid())
                .append(" method=").append(escape(method, true))
                .append(" decision=").append(decision)
                .append(" result=").append(result);
        if (detail != null) {
            line.append(" detail=\"").append(escape(detail, false)).append('"');
        }
        sink.accept(line.toString());
    }

    static String escape(String text, boolean strict) {
        StringBuilder out = new StringBuilder();
        String bounded = text.length() > MAX_FIELD ? text.substring(0, MAX_FIELD) : text;
        for (char c : bounded.toCharArray()) {
            boolean plain = strict
                    ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                            || c == '.' || c == '_' || c == '-'
                    : c >= 0x20 && c != 0x7f && c != '"' && c != '\\';
            if (plain) {
                out.append(c);
            } else {
                out.append(String.format("\\x%02x", (int) c & 0xffff));
            }
        }
        return bounded.length() < text.length() ? out + "..." : out.toString();
    }
}
