package org.caps4j;

/**
 * The kernel answered EPERM: the calling thread lacks a capability (or a securebit lock or
 * no_new_privs forbids the change). The message names what is missing where that is known.
 */
public class CapabilityPermissionException extends CapabilityException {
    private static final long serialVersionUID = 1L;

    public CapabilityPermissionException(String operation, String detail, String hint) {
        super(operation, 1 /* EPERM */, detail, hint);
    }

    /** As above, with the failure that caused it. */
    public CapabilityPermissionException(String operation, String detail, String hint,
            Throwable cause) {
        super(operation, 1 /* EPERM */, detail, hint, cause);
    }
}
