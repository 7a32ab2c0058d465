/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The helper's machinery behind {@code org.caps4j.helper.HelperService}: capability workers,
 * path confinement, approval ids and the audit line. Not exported; no compatibility promise.
 */
package org.caps4j.helper.internal;
