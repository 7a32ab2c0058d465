/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Least-privilege helpers: a small service that performs declared operations for unprivileged
 * clients over a Unix socket, each operation with exactly its capabilities.
 *
 * <p>Needs {@code com.fasterxml.jackson.core:jackson-databind} on the class or module path (an
 * optional dependency of caps4j; the rest of caps4j does not need it).
 */
package org.caps4j.helper;
