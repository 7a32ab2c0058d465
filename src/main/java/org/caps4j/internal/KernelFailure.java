/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/**
 * A capability operation the kernel refused, or whose result the kernel did not confirm, as
 * the engine reports it. The public API turns it into {@code CapabilityException} (or
 * {@code CapabilityPermissionException} for EPERM) at its edge, with the caller's stack and
 * this one as the cause, so that nothing below the API depends on the API's types.
 */
public final class KernelFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;
    private final String detail;
    private final String hint;

    public KernelFailure(String operation, int errno, String detail, String hint) {
        this(operation, errno, detail, hint, null);
    }

    public KernelFailure(String operation, int errno, String detail, String hint,
            Throwable cause) {
        super(message(operation, errno, detail, hint), cause);
        this.operation = operation;
        this.errno = errno;
        this.detail = detail == null ? "" : detail;
        this.hint = hint == null ? "" : hint;
    }

    public String operation() {
        return operation;
    }

    /** The kernel's errno, or 0 when the failure is not one (a mismatch, a missing shim). */
    public int errno() {
        return errno;
    }

    public String detail() {
        return detail;
    }

    public String hint() {
        return hint;
    }

    /**
     * The one message format: {@code <operation> failed[ <detail>]: <strerror> (<ERRNO>)[.
     * <hint>]}.
     */
    public static String message(String operation, int errno, String detail, String hint) {
        StringBuilder message = new StringBuilder(operation).append(" failed");
        if (detail != null && !detail.isEmpty()) {
            message.append(' ').append(detail);
        }
        if (errno != 0) {
            message.append(": ").append(Errno.describe(errno));
        }
        if (hint != null && !hint.isEmpty()) {
            message.append(". ").append(hint);
        }
        return message.toString();
    }
}
