/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import java.nio.ByteBuffer;

/**
 * The one seam between caps4j and native code: the functions of libcaps4j.so (see
 * {@code src/main/c/caps4j.h}). Each returns {@code >= 0} on success and {@code -errno} on
 * failure, so callers never read errno in a second call. Array arguments are output buffers.
 */
public interface NativeShim {
    /** The ABI version the loaded shim was built with. */
    int abiVersion();

    /** The kernel thread id of the calling thread. */
    int gettid();

    /**
     * capget(2) for {@code pid} (0 = calling thread) into {@code out[6]}:
     * {eff_lo, prm_lo, inh_lo, eff_hi, prm_hi, inh_hi}.
     */
    int capget(int pid, int[] out);

    /** The calling thread's bounding set into {@code out[0]}. */
    int readBounding(long[] out);

    /** The calling thread's ambient set into {@code out[0]}. */
    int readAmbient(long[] out);

    /** The calling thread's securebits. */
    int readSecurebits();

    /** 1 if no_new_privs is set on the calling thread, else 0. */
    int readNoNewPrivs();

    /** 1 if keep-caps is set on the calling thread, else 0. */
    int readKeepCaps();

    /** The kernel's last capability number, probed through the bounding set. */
    int probeLastCap();

    /**
     * Takes the process-wide transaction turn (shared with other copies of caps4j in this
     * process) for a whole transaction: 0, -EBUSY after {@code timeoutMillis}, or -errno.
     */
    int beginTurn(int timeoutMillis);

    /** Gives the turn back. */
    void endTurn();

    /**
     * The tids of /proc/self/task into {@code out}: their number, {@code -E2BIG} if there are
     * more than {@code out.length}, or -errno.
     */
    int listTasks(int[] out);

    /** The calling thread's whole credential state; throws if it cannot be read. */
    CredentialState readState();

    /** What {@link #run} reports: 0 or -errno, and the failing op's index or -1. */
    record RunResult(int result, int failedStep) {}

    /** Runs the transaction's ops on the calling thread only ({@code caps4j_run}). */
    RunResult run(Transaction txn);

    /**
     * The all-threads transaction {@code caps4j_broadcast}. {@code onlyTids} empty means a full
     * broadcast (calling thread first, then every other task); otherwise only those tids.
     */
    BroadcastReport broadcast(Transaction txn, int[] onlyTids, int timeoutMillis);

    /**
     * The raw {@code security.capability} xattr of the regular file {@code path} (NUL-terminated
     * bytes) into {@code buffer}; returns its length, {@code -ENODATA} if there is none.
     * {@code fileType[0]} receives {@code st_mode & S_IFMT} once the file was pinned and checked
     * (a symlink gives {@code -ELOOP}, another non-regular file {@code -EINVAL}).
     */
    int fileCapsGet(byte[] path, byte[] buffer, int[] fileType);

    /** Sets the xattr to {@code value} on the regular file {@code path}; as {@link #fileCapsGet}. */
    int fileCapsSet(byte[] path, byte[] value, int[] fileType);

    /** Removes the xattr ({@code -ENODATA} if there was none); as {@link #fileCapsGet}. */
    int fileCapsRemove(byte[] path, int[] fileType);

    /**
     * What {@link #spawn} reports: 0 or -errno; the child's pid and pidfd (-1 without
     * CLONE_PIDFD); on failure the {@code caps4j_spawn_stage} and its detail.
     */
    record SpawnResult(int result, int pid, int pidfd, int stage, int detail) {}

    /**
     * {@code caps4j_spawn}: starts a child that runs {@code txn}'s ops (null: none) between
     * clone and exec. {@code strings} is the NUL-separated block described in caps4j.h,
     * {@code stdio} three {@code caps4j_stdio} kinds, {@code stdioFds} the descriptors of
     * {@code CAPS4J_STDIO_FD} slots.
     */
    SpawnResult spawn(Transaction txn, byte[] strings, int argc, int envc, int[] stdio,
            int[] stdioFds);

    /** pipe2(O_CLOEXEC) into {@code fds[0]} (read end) and {@code fds[1]}: 0 or -errno. */
    int pipe(int[] fds);

    /** Waits for and reaps a spawned child: its JDK-style exit value, or -errno. */
    int waitChild(int pid, int pidfd);

    /** Sends {@code signal} to a spawned child (through its pidfd when it has one). */
    int signalChild(int pid, int pidfd, int signal);

    /** close(2) of a descriptor the shim handed out. */
    int close(int fd);
    /**
     * {@code caps4j_unix_listen}: a close-on-exec AF_UNIX stream socket bound to {@code path}
     * (NUL-free bytes), group {@code gid} (-1: unchanged) and {@code mode} set before it
     * listens: the fd, or -errno ({@code -EADDRINUSE} if anything exists at the path: nothing
     * is unlinked).
     */
    int unixListen(byte[] path, int mode, int gid, int backlog);

    /**
     * 0 if {@code fd} is a listening AF_UNIX stream socket; {@code -EAFNOSUPPORT},
     * {@code -EPROTOTYPE} or {@code -EINVAL} (not listening) if not, or -errno.
     */
    int unixCheckListening(int fd);

    /** Ints of {@code struct caps4j_peer} before its groups. */
    int PEER_HEADER_INTS = 8;

    /**
     * {@code caps4j_unix_accept}: waits up to {@code timeoutMillis}, accepts one connection and
     * fills {@code peer} with {@code struct caps4j_peer} (fd, pid, uid, gid, pidfd, pidfd kind,
     * group count, 0, then the groups; {@code peer.length - PEER_HEADER_INTS} groups fit):
     * the new fd, {@code -ETIMEDOUT}, {@code -E2BIG} (too many groups; closed) or -errno.
     */
    int unixAccept(int listenFd, int timeoutMillis, int[] peer);

    /**
     * Waits up to {@code timeoutMillis} and reads into the direct buffer {@code into} between its
     * position and limit (neither is moved): the count, 0 at end of stream, {@code -ETIMEDOUT},
     * {@code -EAGAIN} or -errno.
     */
    int unixRead(int fd, ByteBuffer into, int timeoutMillis);

    /**
     * Waits up to {@code timeoutMillis} and writes the direct buffer {@code from} between its
     * position and limit (neither is moved): the count written, {@code -ETIMEDOUT},
     * {@code -EAGAIN} or -errno ({@code -EPIPE} once the peer is gone; never a SIGPIPE).
     */
    int unixWrite(int fd, ByteBuffer from, int timeoutMillis);

    /** shutdown(SHUT_RDWR): wakes whoever waits on {@code fd}, which stays open. */
    int unixShutdown(int fd);
}
