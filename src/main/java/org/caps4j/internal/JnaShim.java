/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link NativeShim} over JNA direct mapping, for JDK 17 to 21: each C function of caps4j.h is a
 * {@code static native} method named after it (its prototype above it), bound once by {@link
 * Native#register(Class, NativeLibrary)} to the shim the shared loader found. Arguments are
 * primitives and primitive arrays (JNA copies an array in and back out around the call) or
 * direct {@link ByteBuffer}s allocated once (passed by address), so no call allocates native
 * memory. Not JNA's {@code Memory}: its first allocation starts a "JNA Cleaner" thread, which
 * would appear in the middle of the first transaction's census. Structs are encoded
 * and decoded by {@link ShimStructs}, the same code the FFM backend uses.
 *
 * <p>Adding a shim function: declare its {@code static native} here with the C types mapped to
 * {@code int}/{@code long}, arrays or direct {@link ByteBuffer}s, then implement the {@link NativeShim}
 * method with it.
 */
final class JnaShim implements NativeShim {
    static final JnaShim INSTANCE;

    static {
        NativeLibrary shim = NativeLibraryLoader.load(JnaLoaderCalls.INSTANCE);
        Native.register(JnaShim.class, shim);
        ShimAbi.check(caps4j_abi_version());
        INSTANCE = new JnaShim();
    }

    // int32_t caps4j_abi_version(void);
    private static native int caps4j_abi_version();
    // int32_t caps4j_gettid(void);
    private static native int caps4j_gettid();
    // int32_t caps4j_capget(int32_t pid, uint32_t out[6]);
    private static native int caps4j_capget(int pid, int[] out);
    // int32_t caps4j_read_bounding(uint64_t *out);
    private static native int caps4j_read_bounding(long[] out);
    // int32_t caps4j_read_ambient(uint64_t *out);
    private static native int caps4j_read_ambient(long[] out);
    // int32_t caps4j_read_securebits(void);
    private static native int caps4j_read_securebits();
    // int32_t caps4j_read_no_new_privs(void);
    private static native int caps4j_read_no_new_privs();
    // int32_t caps4j_read_keep_caps(void);
    private static native int caps4j_read_keep_caps();
    // int32_t caps4j_probe_last_cap(void);
    private static native int caps4j_probe_last_cap();
    // int32_t caps4j_begin_turn(int32_t timeout_ms);
    private static native int caps4j_begin_turn(int timeoutMillis);
    // void caps4j_end_turn(void);
    private static native void caps4j_end_turn();
    // int32_t caps4j_list_tasks(int32_t *out, int32_t capacity);
    private static native int caps4j_list_tasks(int[] out, int capacity);
    // int32_t caps4j_read_state(struct caps4j_state *out);
    private static native int caps4j_read_state(byte[] out);
    // int32_t caps4j_run(const struct caps4j_transaction *txn, int32_t *failed_step);
    private static native int caps4j_run(byte[] txn, int[] failedStep);
    // int32_t caps4j_broadcast(const struct caps4j_transaction *txn,
    //         const int32_t *only_tids, int32_t only_count, int32_t timeout_ms,
    //         struct caps4j_thread_result *results, int32_t capacity,
    //         struct caps4j_summary *summary);
    private static native int caps4j_broadcast(ByteBuffer txn, ByteBuffer onlyTids,
            int onlyCount, int timeoutMillis, ByteBuffer results, int capacity,
            ByteBuffer summary);
    // int32_t caps4j_file_caps_get(const char *path, uint8_t *buf, int32_t capacity,
    //         uint32_t *file_type);
    private static native int caps4j_file_caps_get(byte[] path, byte[] buf, int capacity,
            int[] fileType);
    // int32_t caps4j_file_caps_set(const char *path, const uint8_t *value, int32_t length,
    //         uint32_t *file_type);
    private static native int caps4j_file_caps_set(byte[] path, byte[] value, int length,
            int[] fileType);
    // int32_t caps4j_file_caps_remove(const char *path, uint32_t *file_type);
    private static native int caps4j_file_caps_remove(byte[] path, int[] fileType);
    // int32_t caps4j_spawn(const struct caps4j_transaction *txn, const char *strings,
    //         int32_t length, int32_t argc, int32_t envc, const int32_t stdio[3],
    //         const int32_t stdio_fds[3], struct caps4j_child *child);
    // struct caps4j_child is four int32_t: an int[4] (txn null passes NULL).
    private static native int caps4j_spawn(byte[] txn, byte[] strings, int length, int argc,
            int envc, int[] stdio, int[] stdioFds, int[] child);
    // int32_t caps4j_pipe(int32_t fds[2]);
    private static native int caps4j_pipe(int[] fds);
    // int32_t caps4j_wait_child(int32_t pid, int32_t pidfd); blocks until the child exits.
    private static native int caps4j_wait_child(int pid, int pidfd);
    // int32_t caps4j_signal_child(int32_t pid, int32_t pidfd, int32_t signal);
    private static native int caps4j_signal_child(int pid, int pidfd, int signal);
    // int32_t caps4j_close(int32_t fd);
    private static native int caps4j_close(int fd);
    // int32_t caps4j_unix_listen(const char *path, int32_t mode, int32_t gid, int32_t backlog);
    private static native int caps4j_unix_listen(byte[] path, int mode, int gid, int backlog);
    // int32_t caps4j_unix_check_listening(int32_t fd);
    private static native int caps4j_unix_check_listening(int fd);
    // int32_t caps4j_unix_accept(int32_t listen_fd, int32_t timeout_ms, struct caps4j_peer *peer,
    //         int32_t group_capacity); struct caps4j_peer is 8 int32_t then the groups: an int[].
    private static native int caps4j_unix_accept(int listenFd, int timeoutMillis, int[] peer,
            int groupCapacity);
    // int32_t caps4j_unix_read(int32_t fd, uint8_t *buf, int32_t capacity, int32_t timeout_ms);
    // A direct ByteBuffer passes its address: slice() makes the position its start.
    private static native int caps4j_unix_read(int fd, ByteBuffer buf, int capacity,
            int timeoutMillis);
    // int32_t caps4j_unix_write(int32_t fd, const uint8_t *buf, int32_t length, int32_t timeout_ms);
    private static native int caps4j_unix_write(int fd, ByteBuffer buf, int length,
            int timeoutMillis);
    // int32_t caps4j_unix_shutdown(int32_t fd);
    private static native int caps4j_unix_shutdown(int fd);

    private JnaShim() {}

    @Override
    public int abiVersion() {
        return caps4j_abi_version();
    }

    @Override
    public int gettid() {
        return caps4j_gettid();
    }

    @Override
    public int capget(int pid, int[] out) {
        return caps4j_capget(pid, out);
    }

    @Override
    public int readBounding(long[] out) {
        return caps4j_read_bounding(out);
    }

    @Override
    public int readAmbient(long[] out) {
        return caps4j_read_ambient(out);
    }

    @Override
    public int readSecurebits() {
        return caps4j_read_securebits();
    }

    @Override
    public int readNoNewPrivs() {
        return caps4j_read_no_new_privs();
    }

    @Override
    public int readKeepCaps() {
        return caps4j_read_keep_caps();
    }

    @Override
    public int probeLastCap() {
        return caps4j_probe_last_cap();
    }

    @Override
    public int beginTurn(int timeoutMillis) {
        return caps4j_begin_turn(timeoutMillis);
    }

    @Override
    public void endTurn() {
        caps4j_end_turn();
    }

    @Override
    public int listTasks(int[] out) {
        return caps4j_list_tasks(out, out.length);
    }

    @Override
    public CredentialState readState() {
        byte[] state = new byte[ShimStructs.STATE_BYTES];
        Failures.check(caps4j_read_state(state), "read the credentials", "of the calling thread");
        return ShimStructs.decodeState(ByteBuffer.wrap(state));
    }

    @Override
    public RunResult run(Transaction txn) {
        byte[] encoded = new byte[ShimStructs.TRANSACTION_BYTES];
        ShimStructs.encode(txn, ByteBuffer.wrap(encoded));
        int[] step = new int[1];
        int result = caps4j_run(encoded, step);
        return new RunResult(result, step[0]);
    }

    /**
     * Native buffers for {@link #broadcast}, allocated once (the results area is 256 KiB): the
     * shim writes results there and {@link ShimStructs} reads only the entries it reported.
     */
    private static final class BroadcastBuffers {
        static final ByteBuffer TRANSACTION = direct(ShimStructs.TRANSACTION_BYTES);
        static final ByteBuffer RESULTS =
                direct(ShimStructs.MAX_RESULTS * ShimStructs.RESULT_BYTES);
        static final ByteBuffer SUMMARY = direct(ShimStructs.SUMMARY_BYTES);
        static final ByteBuffer ONLY = direct(ShimStructs.MAX_RESULTS * Integer.BYTES);

        private static ByteBuffer direct(int bytes) {
            return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
    }

    @Override
    public synchronized BroadcastReport broadcast(Transaction txn, int[] onlyTids,
            int timeoutMillis) {
        if (onlyTids.length > ShimStructs.MAX_RESULTS) {
            throw new IllegalArgumentException("at most " + ShimStructs.MAX_RESULTS + " tids");
        }
        ShimStructs.encode(txn, BroadcastBuffers.TRANSACTION);
        BroadcastBuffers.ONLY.clear();
        BroadcastBuffers.ONLY.asIntBuffer().put(onlyTids);
        ByteBuffer only = onlyTids.length == 0 ? null : BroadcastBuffers.ONLY;
        int result = caps4j_broadcast(BroadcastBuffers.TRANSACTION, only, onlyTids.length,
                timeoutMillis, BroadcastBuffers.RESULTS, ShimStructs.MAX_RESULTS,
                BroadcastBuffers.SUMMARY);
        return ShimStructs.decodeReport(result, BroadcastBuffers.SUMMARY,
                BroadcastBuffers.RESULTS, ShimStructs.MAX_RESULTS);
    }

    @Override
    public int fileCapsGet(byte[] path, byte[] buffer, int[] fileType) {
        return caps4j_file_caps_get(cString(path), buffer, buffer.length, fileType);
    }

    @Override
    public int fileCapsSet(byte[] path, byte[] value, int[] fileType) {
        return caps4j_file_caps_set(cString(path), value, value.length, fileType);
    }

    @Override
    public int fileCapsRemove(byte[] path, int[] fileType) {
        return caps4j_file_caps_remove(cString(path), fileType);
    }

    @Override
    public SpawnResult spawn(Transaction txn, byte[] strings, int argc, int envc, int[] stdio,
            int[] stdioFds) {
        byte[] encoded = null;
        if (txn != null) {
            encoded = new byte[ShimStructs.TRANSACTION_BYTES];
            ShimStructs.encode(txn, ByteBuffer.wrap(encoded));
        }
        int[] child = new int[ShimStructs.CHILD_BYTES / Integer.BYTES];
        int result = caps4j_spawn(encoded, strings, strings.length, argc, envc, stdio, stdioFds,
                child);
        return new SpawnResult(result, child[0], child[1], child[2], child[3]);
    }

    @Override
    public int pipe(int[] fds) {
        return caps4j_pipe(fds);
    }

    @Override
    public int waitChild(int pid, int pidfd) {
        return caps4j_wait_child(pid, pidfd);
    }

    @Override
    public int signalChild(int pid, int pidfd, int signal) {
        return caps4j_signal_child(pid, pidfd, signal);
    }

    @Override
    public int close(int fd) {
        return caps4j_close(fd);
    }

    @Override
    public int unixListen(byte[] path, int mode, int gid, int backlog) {
        return caps4j_unix_listen(cString(path), mode, gid, backlog);
    }

    @Override
    public int unixCheckListening(int fd) {
        return caps4j_unix_check_listening(fd);
    }

    @Override
    public int unixAccept(int listenFd, int timeoutMillis, int[] peer) {
        return caps4j_unix_accept(listenFd, timeoutMillis, peer, peer.length - PEER_HEADER_INTS);
    }

    @Override
    public int unixRead(int fd, ByteBuffer into, int timeoutMillis) {
        return caps4j_unix_read(fd, into.slice(), into.remaining(), timeoutMillis);
    }

    @Override
    public int unixWrite(int fd, ByteBuffer from, int timeoutMillis) {
        return caps4j_unix_write(fd, from.slice(), from.remaining(), timeoutMillis);
    }

    @Override
    public int unixShutdown(int fd) {
        return caps4j_unix_shutdown(fd);
    }

    /** {@code bytes} plus a terminating NUL; the caller guarantees there is no NUL inside. */
    private static byte[] cString(byte[] bytes) {
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }
}
