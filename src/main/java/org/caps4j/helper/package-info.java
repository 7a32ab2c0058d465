/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Least-privilege helpers: a small service that performs declared operations for unprivileged
 * clients over a Unix socket, each operation with exactly its capabilities.
 *
 * <p>What may be done: {@link org.caps4j.helper.HelperService} declares the operations (typed,
 * validated parameters, the capabilities each needs, who may call it, approval) and is the
 * {@link org.caps4j.helper.RequestHandler}; it rests as a service user with the union of the
 * operations' capabilities permitted and none effective, and raises exactly an operation's
 * capabilities on a dedicated worker thread for the length of one call.
 *
 * <p>The transport: {@link org.caps4j.helper.HelperServer} serves Varlink (a JSON object and a
 * NUL byte per message) on an AF_UNIX stream socket, from systemd socket activation or created
 * in a checked private directory, and identifies every client by the kernel's
 * {@code SO_PEERCRED}/{@code SO_PEERGROUPS} and a pidfd; {@link org.caps4j.helper.HelperClient}
 * is a minimal client.
 *
 * <p>Needs {@code com.fasterxml.jackson.core:jackson-databind} on the class or module path (an
 * optional dependency of caps4j; the rest of caps4j does not need it).
 */
package org.caps4j.helper;
