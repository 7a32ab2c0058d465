/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Linux capabilities for the JVM: read them, write them as libcap text, and change them for
 * every thread of the process at once, verified against the kernel.
 *
 * <h2>The thread model</h2>
 * Capabilities belong to threads. capset(2), the bounding and ambient sets, securebits,
 * keep-caps and no_new_privs act on the calling thread only, and a JVM has about twenty
 * threads before {@code main} runs.
 * <ul>
 *   <li><b>Reads</b> ({@link org.caps4j.Caps#fromProcess()}, {@link org.caps4j.Bounding#read()},
 *       {@link org.caps4j.Ambient#read()}, {@link org.caps4j.SecureBits#read()}) describe the
 *       calling thread; {@link org.caps4j.ThreadCensus#take()} reads every thread.</li>
 *   <li><b>Changes</b> ({@link org.caps4j.Caps#apply()}, {@link org.caps4j.Bounding#drop},
 *       {@link org.caps4j.Ambient}, {@link org.caps4j.Iab#apply()},
 *       {@link org.caps4j.Identity}, {@link org.caps4j.SecureBits}, {@link org.caps4j.NoNewPrivs},
 *       {@link org.caps4j.KeepCaps}, {@link org.caps4j.Mode#set}) are process-wide
 *       transactions: checked first (a request the kernel would refuse changes nothing), applied
 *       to the calling thread and then to every other thread from a signal handler, and verified
 *       on every thread; anything short of every thread at the target throws a
 *       {@link org.caps4j.CapabilityException} naming the threads that differ.</li>
 *   <li>Transactions run <b>one at a time process-wide</b>, even across several copies of
 *       this library in one process.</li>
 *   <li>{@link org.caps4j.Launcher} changes no JVM thread at all: the child sets its own
 *       credentials between clone and exec, so launches run concurrently.</li>
 *   <li>{@link org.caps4j.Caps#applyToCurrentThread()} changes only the calling thread, for
 *       experts; it refuses to run on a virtual thread.</li>
 * </ul>
 */
package org.caps4j;
