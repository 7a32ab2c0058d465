/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Java code of an operation. It runs on one of the helper's worker threads with exactly
 * the operation's capabilities effective, and receives only validated parameters.
 *
 * <p>It must not start threads (they would inherit the raised effective set). Whatever it
 * throws becomes {@link HelperErrors#OPERATION_FAILED} for the client; the exception goes to
 * the audit log only.
 */
@FunctionalInterface
public interface OperationBody {
    /**
     * Runs the operation.
     *
     * @param arguments the validated parameters
     * @return the reply's parameters
     * @throws Exception on failure
     */
    ObjectNode run(Arguments arguments) throws Exception;
}
