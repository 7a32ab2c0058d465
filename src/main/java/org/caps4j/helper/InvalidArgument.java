/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.helper;

/** A parameter failed validation; carries only the parameter's name, for the reply. */
final class InvalidArgument extends Exception {
    private static final long serialVersionUID = 1L;
    final String parameter;

    InvalidArgument(String parameter) {
        super(parameter, null, false, false);
        this.parameter = parameter;
    }
}
