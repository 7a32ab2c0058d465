/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j;

/**
 * The kernel answered EPERM: the calling thread lacks a capability (or a securebit lock or
 * no_new_privs forbids the change). The message names what is missing where that is known.
 */
public class CapabilityPermissionException extends CapabilityException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an EPERM failure; the message has the shape
     * {@link CapabilityException} describes.
     *
     * @param operation what was attempted, e.g. {@code capset}
     * @param detail where or on what it failed (may be empty), placed after "failed"
     * @param hint what is missing or what the user can do about it (may be empty)
     */
    public CapabilityPermissionException(String operation, String detail, String hint) {
        super(operation, 1 /* EPERM */, detail, hint);
    }

    /**
     * As above, with the failure that caused it.
     *
     * @param operation what was attempted, e.g. {@code capset}
     * @param detail where or on what it failed (may be empty), placed after "failed"
     * @param hint what is missing or what the user can do about it (may be empty)
     * @param cause the underlying exception, or {@code null} if there is none
     */
    public CapabilityPermissionException(String operation, String detail, String hint,
            Throwable cause) {
        super(operation, 1 /* EPERM */, detail, hint, cause);
    }
}
