/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

/**
 * The native calls {@link NativeLibraryLoader} and {@link MemfdLibrary} need, from the backend
 * that will bind the shim: FFM ({@code FfmLoaderCalls}) or JNA ({@link JnaLoaderCalls}). The
 * loading policy (which file, trust checks, sealing, error messages) is written once, above
 * these calls; each call returns {@code -errno} itself, captured by the backend right after the
 * call, so no one reads errno in a second call.
 *
 * @param <L> what the backend binds functions from: an FFM {@code SymbolLookup}, a JNA
 *     {@code NativeLibrary}
 */
interface NativeLoaderCalls<L> {
    /** {@code memfd_create(name, flags)}: the fd, or -errno. */
    int memfdCreate(String name, int flags);

    /** {@code write(fd, bytes + offset, length)}: the count written, or -errno. */
    long write(int fd, byte[] bytes, int offset, int length);

    /** {@code fcntl(fd, F_ADD_SEALS, seals)}: 0, or -errno. */
    int addSeals(int fd, int seals);

    /** {@code close(fd)}, on failure paths only; its result cannot change what is reported. */
    void close(int fd);

    /**
     * dlopen of an absolute path, exactly as given (never searched, never canonicalized: a
     * {@code /proc/self/fd/N} must stay that).
     *
     * @throws UnsatisfiedLinkError with the loader's reason
     */
    L open(String absolutePath);
}
