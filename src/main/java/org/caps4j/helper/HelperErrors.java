/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

/**
 * The Varlink error names a {@link HelperService} replies with. None carries text from the
 * server: what went wrong in detail is in the audit log only.
 */
public final class HelperErrors {
    /** No declared operation has this name; parameter {@code method}. */
    public static final String METHOD_NOT_FOUND = "org.varlink.service.MethodNotFound";
    /** A parameter is missing, unknown, or fails its declaration; parameter {@code parameter}. */
    public static final String INVALID_PARAMETER = "org.varlink.service.InvalidParameter";
    /** The peer may not call this operation (or no longer passes the re-check). */
    public static final String NOT_AUTHORIZED = "org.caps4j.helper.NotAuthorized";
    /** The operation ran and failed; no detail. */
    public static final String OPERATION_FAILED = "org.caps4j.helper.OperationFailed";
    /** Every worker is busy and the queue is full; try again later. */
    public static final String BUSY = "org.caps4j.helper.Busy";
    /** The requester (or the helper) has as many requests waiting for approval as allowed. */
    public static final String TOO_MANY_PENDING = "org.caps4j.helper.TooManyPending";
    /** No waiting request with this id for this caller (unknown, expired, used, or not yours). */
    public static final String UNKNOWN_REQUEST = "org.caps4j.helper.UnknownRequest";
    /** The request exists but no administrator has decided yet; collect again later. */
    public static final String NOT_YET_APPROVED = "org.caps4j.helper.NotYetApproved";
    /** An administrator denied the request (the id is now used up). */
    public static final String DENIED = "org.caps4j.helper.Denied";

    private HelperErrors() {}
}
