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

    private final String operation;
    private final int errno;

    /**
     * @param operation what was attempted, e.g. {@code capget} or {@code read /proc/42/status}
     * @param errno the kernel's error number, or 0 if there is none
     * @param detail where or on what it failed (may be empty), placed after "failed"
     * @param hint what the user can do about it (may be empty)
     */
    public CapabilityException(String operation, int errno, String detail, String hint) {
        this(operation, errno, detail, hint, null);
    }

    public CapabilityException(String operation, int errno, String detail, String hint,
            Throwable cause) {
        super(message(operation, errno, detail, hint), cause);
        this.operation = operation;
        this.errno = errno;
    }

    /** What was attempted, e.g. {@code capget}. */
    public String operation() {
        return operation;
    }

    /** The kernel's error number (1 for EPERM), or 0 if the failure is not an errno. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. {@code EPERM}, or empty if {@link #errno()} is 0. */
    public String errnoName() {
        return errno == 0 ? "" : Errno.name(errno);
    }

    private static String message(String operation, int errno, String detail, String hint) {
        return KernelFailure.message(operation, errno, detail, hint);
    }
}
