/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The engine below the public API, not exported: the native seam ({@link
 * org.caps4j.internal.NativeShim} and its FFM binding), the credential state, the planner, the
 * all-threads executor and its census. Nothing here names a type of the public package
 * (checked by a test): the API builds its values and exceptions from what the engine returns.
 */
package org.caps4j.internal;
