package org.caps4j.internal;

import org.caps4j.CapabilityException;
import org.caps4j.CapabilityPermissionException;

/** Turns the shim's {@code -errno} results into the library's exceptions, one format everywhere. */
public final class Failures {
    private Failures() {}

    /**
     * Returns {@code result} if it is {@code >= 0}; otherwise throws for {@code -result}.
     *
     * @param operation e.g. {@code capget}
     * @param detail where it failed, e.g. {@code for pid 42} (may be empty)
     */
    public static int check(int result, String operation, String detail) {
        if (result >= 0) {
            return result;
        }
        throw failure(operation, -result, detail, "");
    }

    /** The exception for {@code errno}: {@link CapabilityPermissionException} for EPERM. */
    public static CapabilityException failure(String operation, int errno, String detail,
            String hint) {
        return errno == Errno.EPERM
                ? new CapabilityPermissionException(operation, detail, hint)
                : new CapabilityException(operation, errno, detail, hint);
    }
}
