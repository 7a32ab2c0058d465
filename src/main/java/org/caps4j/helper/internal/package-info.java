/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The helper's transport: the listening socket (systemd's or one created in a checked private
 * directory), one connection per platform thread, Varlink framing and JSON with read limits, and
 * the kernel-backed {@link org.caps4j.helper.Peer}. Not exported.
 */
package org.caps4j.helper.internal;
