/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/** libcap's capability modes ({@code cap_mode_t}); the public {@code Mode} mirrors these by name. */
public enum CapMode {
    UNCERTAIN, NOPRIV, PURE1E_INIT, PURE1E, HYBRID
}
