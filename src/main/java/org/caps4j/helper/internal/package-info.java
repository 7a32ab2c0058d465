/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The helper's machinery, not exported (no compatibility promise). Behind
 * {@code org.caps4j.helper.HelperService}: capability workers, path confinement, approval ids and
 * the audit line. Behind {@code org.caps4j.helper.HelperServer}: the listening socket (systemd's
 * or one created in a checked private directory), one connection per platform thread, Varlink
 * framing and JSON with read limits, and the kernel-backed {@link org.caps4j.helper.Peer}.
 */
package org.caps4j.helper.internal;
