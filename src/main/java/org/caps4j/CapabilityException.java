/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

import org.caps4j.internal.Errno;
import org.caps4j.internal.KernelFailure;

/**
 * A capability operation the kernel refused, or whose result the kernel did not confirm.
 *
 * <p>Every message has one shape: {@code <operation> failed[ <where>]: <strerror> (<ERRNO>)[.
 * <what to do>]}, e.g. {@code capset failed on 3 of 41 threads: Operation not permitted (EPERM)}.
 * {@link #errno()} is 0 when the failure is not an errno (a verification mismatch, a missing
 * shim).
 */
public class CapabilityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was attempted, as {@link #operation()} returns it. */
    private final String operation;
    /** The kernel's error number, or 0, as {@link #errno()} returns it. */
    private final int errno;

    /**
     * Creates the exception with a message built from the four parts in the shape the class
     * comment shows.
     *
     * @param operation what was attempted, e.g. {@code capget} or {@code read /proc/42/status}
     * @param errno the kernel's error number, or 0 if there is none
     * @param detail where or on what it failed (may be empty), placed after "failed"
     * @param hint what the user can do about it (may be empty)
     */
    public CapabilityException(String operation, int errno, String detail, String hint) {
        this(operation, errno, detail, hint, null);
    }

    /**
     * As {@link #CapabilityException(String, int, String, String)}, with the failure that
     * caused this one.
     *
     * @param operation what was attempted, e.g. {@code capget} or {@code read /proc/42/status}
     * @param errno the kernel's error number, or 0 if there is none
     * @param detail where or on what it failed (may be empty), placed after "failed"
     * @param hint what the user can do about it (may be empty)
     * @param cause the underlying exception, or {@code null} if there is none
     */
    public CapabilityException(String operation, int errno, String detail, String hint,
            Throwable cause) {
        super(message(operation, errno, detail, hint), cause);
        this.operation = operation;
        this.errno = errno;
    }

    /**
     * What was attempted, e.g. {@code capget}.
     *
     * @return the operation, as given to the constructor
     */
    public String operation() {
        return operation;
    }

    /**
     * The kernel's error number (1 for EPERM), or 0 if the failure is not an errno.
     *
     * @return the errno value, or 0
     */
    public int errno() {
        return errno;
    }

    /**
     * The symbolic errno name, e.g. {@code EPERM}, or empty if {@link #errno()} is 0.
     *
     * @return the errno name, or the empty string
     */
    public String errnoName() {
        return errno == 0 ? "" : Errno.name(errno);
    }

    private static String message(String operation, int errno, String detail, String hint) {
        return KernelFailure.message(operation, errno, detail, hint);
    }
}
