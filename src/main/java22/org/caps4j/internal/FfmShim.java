/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.caps4j.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;


import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;

/**
 * {@link NativeShim} over the Foreign Function and Memory API. The handles are static finals so
 * the JIT can inline them; calls that only take heap buffers and run one short system call are
 * linked "critical" with heap access, which passes Java arrays without copying.
 */
final class FfmShim implements NativeShim {

    static final FfmShim INSTANCE;
    /** Threads one broadcast reports on (more are still verified by the census). */
    static final int MAX_RESULTS = ShimStructs.MAX_RESULTS;

    private static final SymbolLookup SHIM = NativeLibraryLoader.load(FfmLoaderCalls.INSTANCE);

    // int32_t caps4j_abi_version(void);
    private static final MethodHandle caps4j_abi_version =
            link("caps4j_abi_version", FunctionDescriptor.of(JAVA_INT));
    // int32_t caps4j_gettid(void);
    private static final MethodHandle caps4j_gettid =
            linkCritical("caps4j_gettid", FunctionDescriptor.of(JAVA_INT));
    // int32_t caps4j_capget(int32_t pid, uint32_t out[6]);
    private static final MethodHandle caps4j_capget =
            linkCritical("caps4j_capget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    // int32_t caps4j_read_bounding(uint64_t *out);
    private static final MethodHandle caps4j_read_bounding =
            linkCritical("caps4j_read_bounding", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // int32_t caps4j_read_ambient(uint64_t *out);
    private static final MethodHandle caps4j_read_ambient =
            linkCritical("caps4j_read_ambient", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // int32_t caps4j_read_securebits(void);
    private static final MethodHandle caps4j_read_securebits =
            linkCritical("caps4j_read_securebits", FunctionDescriptor.of(JAVA_INT));
    // int32_t caps4j_read_no_new_privs(void);
    private static final MethodHandle caps4j_read_no_new_privs =
            linkCritical("caps4j_read_no_new_privs", FunctionDescriptor.of(JAVA_INT));
    // int32_t caps4j_read_keep_caps(void);
    private static final MethodHandle caps4j_read_keep_caps =
            linkCritical("caps4j_read_keep_caps", FunctionDescriptor.of(JAVA_INT));
    // int32_t caps4j_probe_last_cap(void);
    private static final MethodHandle caps4j_probe_last_cap =
            link("caps4j_probe_last_cap", FunctionDescriptor.of(JAVA_INT));

    // int32_t caps4j_begin_turn(int32_t timeout_ms);
    // Not critical: it may wait for another copy's transaction.
    private static final MethodHandle caps4j_begin_turn =
            link("caps4j_begin_turn", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // void caps4j_end_turn(void);
    private static final MethodHandle caps4j_end_turn =
            link("caps4j_end_turn", FunctionDescriptor.ofVoid());
    // int32_t caps4j_list_tasks(int32_t *out, int32_t capacity);
    private static final MethodHandle caps4j_list_tasks = linkCritical("caps4j_list_tasks",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // int32_t caps4j_read_state(struct caps4j_state *out);
    private static final MethodHandle caps4j_read_state =
            link("caps4j_read_state", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // int32_t caps4j_run(const struct caps4j_transaction *txn, int32_t *failed_step);
    private static final MethodHandle caps4j_run = link("caps4j_run",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int32_t caps4j_broadcast(const struct caps4j_transaction *txn,
    //         const int32_t *only_tids, int32_t only_count, int32_t timeout_ms,
    //         struct caps4j_thread_result *results, int32_t capacity,
    //         struct caps4j_summary *summary);
    // Not critical: it blocks for up to timeout_ms while other threads run our signal handler.
    private static final MethodHandle caps4j_broadcast = link("caps4j_broadcast",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS,
                    JAVA_INT, ADDRESS));

    // int32_t caps4j_file_caps_get(const char *path, uint8_t *buf, int32_t capacity,
    //         uint32_t *file_type);
    // Not critical (nor are the two below): file system calls may block (NFS, FUSE).
    private static final MethodHandle caps4j_file_caps_get = link("caps4j_file_caps_get",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    // int32_t caps4j_file_caps_set(const char *path, const uint8_t *value, int32_t length,
    //         uint32_t *file_type);
    private static final MethodHandle caps4j_file_caps_set = link("caps4j_file_caps_set",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    // int32_t caps4j_file_caps_remove(const char *path, uint32_t *file_type);
    private static final MethodHandle caps4j_file_caps_remove = link("caps4j_file_caps_remove",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    // int32_t caps4j_spawn(const struct caps4j_transaction *txn, const char *strings,
    //         int32_t length, int32_t argc, int32_t envc, const int32_t stdio[3],
    //         const int32_t stdio_fds[3], struct caps4j_child *child);
    // Not critical: clone and exec take a while, and the other threads must reach safepoints.
    private static final MethodHandle caps4j_spawn = link("caps4j_spawn", FunctionDescriptor.of(
            JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS,
            ADDRESS));
    // int32_t caps4j_pipe(int32_t fds[2]);
    private static final MethodHandle caps4j_pipe = linkCritical("caps4j_pipe",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // int32_t caps4j_wait_child(int32_t pid, int32_t pidfd); blocks until the child exits.
    private static final MethodHandle caps4j_wait_child = link("caps4j_wait_child",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    // int32_t caps4j_signal_child(int32_t pid, int32_t pidfd, int32_t signal);
    private static final MethodHandle caps4j_signal_child = linkCritical("caps4j_signal_child",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    // int32_t caps4j_close(int32_t fd);
    private static final MethodHandle caps4j_close = linkCritical("caps4j_close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    // int32_t caps4j_unix_listen(const char *path, int32_t mode, int32_t gid, int32_t backlog);
    // Not critical (nor are the others below): file system calls, and waits up to a timeout.
    private static final MethodHandle caps4j_unix_listen = link("caps4j_unix_listen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    // int32_t caps4j_unix_check_listening(int32_t fd);
    private static final MethodHandle caps4j_unix_check_listening = linkCritical(
            "caps4j_unix_check_listening", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // int32_t caps4j_unix_accept(int32_t listen_fd, int32_t timeout_ms, struct caps4j_peer *peer,
    //         int32_t group_capacity);
    private static final MethodHandle caps4j_unix_accept = link("caps4j_unix_accept",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    // int32_t caps4j_unix_read(int32_t fd, uint8_t *buf, int32_t capacity, int32_t timeout_ms);
    private static final MethodHandle caps4j_unix_read = link("caps4j_unix_read",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    // int32_t caps4j_unix_write(int32_t fd, const uint8_t *buf, int32_t length, int32_t timeout_ms);
    private static final MethodHandle caps4j_unix_write = link("caps4j_unix_write",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    // int32_t caps4j_unix_shutdown(int32_t fd);
    private static final MethodHandle caps4j_unix_shutdown = linkCritical("caps4j_unix_shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    static {
        ShimAbi.check(new FfmShim().abiVersion());
        INSTANCE = new FfmShim();
    }

    private FfmShim() {}

    @SuppressWarnings("restricted")
    private static MethodHandle link(String name, FunctionDescriptor descriptor,
            Linker.Option... options) {
        MemorySegment symbol = SHIM.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                "libcaps4j.so does not export " + name + " (stale or foreign library?)"));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor, options);
    }

    /** For short calls that never block or call back: no thread-state transition, heap arrays allowed. */
    private static MethodHandle linkCritical(String name, FunctionDescriptor descriptor) {
        return link(name, descriptor, Linker.Option.critical(true));
    }

    @Override
    public int abiVersion() {
        try {
            return (int) caps4j_abi_version.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int gettid() {
        try {
            return (int) caps4j_gettid.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int capget(int pid, int[] out) {
        try {
            return (int) caps4j_capget.invokeExact(pid, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int readBounding(long[] out) {
        return readMask(caps4j_read_bounding, out);
    }

    @Override
    public int readAmbient(long[] out) {
        return readMask(caps4j_read_ambient, out);
    }

    /** The mask readers make one prctl per capability: a few microseconds, still fine for a critical call. */
    private static int readMask(MethodHandle reader, long[] out) {
        try {
            return (int) reader.invokeExact(MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int readSecurebits() {
        try {
            return (int) caps4j_read_securebits.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int readNoNewPrivs() {
        try {
            return (int) caps4j_read_no_new_privs.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int readKeepCaps() {
        try {
            return (int) caps4j_read_keep_caps.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int probeLastCap() {
        try {
            return (int) caps4j_probe_last_cap.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int listTasks(int[] out) {
        try {
            return (int) caps4j_list_tasks.invokeExact(MemorySegment.ofArray(out), out.length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int beginTurn(int timeoutMillis) {
        try {
            return (int) caps4j_begin_turn.invokeExact(timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void endTurn() {
        try {
            caps4j_end_turn.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public CredentialState readState() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(ShimStructs.STATE_BYTES, 8);
            Failures.check((int) caps4j_read_state.invokeExact(state), "read the credentials",
                    "of the calling thread");
            return ShimStructs.decodeState(state.asByteBuffer());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public RunResult run(Transaction txn) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment encoded = arena.allocate(ShimStructs.TRANSACTION_BYTES, 8);
            ShimStructs.encode(txn, encoded.asByteBuffer());
            MemorySegment step = arena.allocate(JAVA_INT);
            int result = (int) caps4j_run.invokeExact(encoded, step);
            return new RunResult(result, step.get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public SpawnResult spawn(Transaction txn, byte[] strings, int argc, int envc, int[] stdio,
            int[] stdioFds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment encoded = MemorySegment.NULL;
            if (txn != null) {
                encoded = arena.allocate(ShimStructs.TRANSACTION_BYTES, 8);
                ShimStructs.encode(txn, encoded.asByteBuffer());
            }
            MemorySegment block = arena.allocateFrom(JAVA_BYTE, strings);
            MemorySegment kinds = arena.allocateFrom(JAVA_INT, stdio);
            MemorySegment fds = arena.allocateFrom(JAVA_INT, stdioFds);
            MemorySegment child = arena.allocate(ShimStructs.CHILD_BYTES, 4);
            int result = (int) caps4j_spawn.invokeExact(encoded, block, strings.length, argc,
                    envc, kinds, fds, child);
            return ShimStructs.decodeChild(result, child.asByteBuffer());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int pipe(int[] fds) {
        try {
            return (int) caps4j_pipe.invokeExact(MemorySegment.ofArray(fds));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int waitChild(int pid, int pidfd) {
        try {
            return (int) caps4j_wait_child.invokeExact(pid, pidfd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int signalChild(int pid, int pidfd, int signal) {
        try {
            return (int) caps4j_signal_child.invokeExact(pid, pidfd, signal);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int close(int fd) {
        try {
            return (int) caps4j_close.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int unixListen(byte[] path, int mode, int gid, int backlog) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) caps4j_unix_listen.invokeExact(cString(arena, path), mode, gid, backlog);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int unixCheckListening(int fd) {
        try {
            return (int) caps4j_unix_check_listening.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int unixAccept(int listenFd, int timeoutMillis, int[] peer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT, peer.length);
            int result = (int) caps4j_unix_accept.invokeExact(listenFd, timeoutMillis, out,
                    peer.length - PEER_HEADER_INTS);
            MemorySegment.copy(out, JAVA_INT, 0, peer, 0, peer.length);
            return result;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int unixRead(int fd, ByteBuffer into, int timeoutMillis) {
        try {
            return (int) caps4j_unix_read.invokeExact(fd, MemorySegment.ofBuffer(into),
                    into.remaining(), timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int unixWrite(int fd, ByteBuffer from, int timeoutMillis) {
        try {
            return (int) caps4j_unix_write.invokeExact(fd, MemorySegment.ofBuffer(from),
                    from.remaining(), timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int unixShutdown(int fd) {
        try {
            return (int) caps4j_unix_shutdown.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Native buffers for {@link #broadcast}, allocated once: the results area is large and
     * zeroing it for every transaction would cost more than the sweep.
     */
    private static final class BroadcastBuffers {
        static final MemorySegment TRANSACTION =
                Arena.global().allocate(ShimStructs.TRANSACTION_BYTES, 8);
        static final MemorySegment RESULTS =
                Arena.global().allocate((long) MAX_RESULTS * ShimStructs.RESULT_BYTES, 8);
        static final MemorySegment SUMMARY = Arena.global().allocate(ShimStructs.SUMMARY_BYTES, 8);
        static final MemorySegment ONLY = Arena.global().allocate(MAX_RESULTS * 4L, 4);
        // Views for ShimStructs, made once.
        static final ByteBuffer TRANSACTION_VIEW = TRANSACTION.asByteBuffer();
        static final ByteBuffer RESULTS_VIEW = RESULTS.asByteBuffer();
        static final ByteBuffer SUMMARY_VIEW = SUMMARY.asByteBuffer();
    }

    @Override
    public synchronized BroadcastReport broadcast(Transaction txn, int[] onlyTids,
            int timeoutMillis) {
        if (onlyTids.length > MAX_RESULTS) {
            throw new IllegalArgumentException("at most " + MAX_RESULTS + " tids");
        }
        try {
            ShimStructs.encode(txn, BroadcastBuffers.TRANSACTION_VIEW);
            MemorySegment.copy(onlyTids, 0, BroadcastBuffers.ONLY, JAVA_INT, 0, onlyTids.length);
            // A local, not a conditional in the call: invokeExact would type that as Object.
            MemorySegment only = onlyTids.length == 0 ? MemorySegment.NULL : BroadcastBuffers.ONLY;
            int result = (int) caps4j_broadcast.invokeExact(BroadcastBuffers.TRANSACTION, only,
                    onlyTids.length, timeoutMillis, BroadcastBuffers.RESULTS, MAX_RESULTS,
                    BroadcastBuffers.SUMMARY);
            return ShimStructs.decodeReport(result, BroadcastBuffers.SUMMARY_VIEW,
                    BroadcastBuffers.RESULTS_VIEW, MAX_RESULTS);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fileCapsGet(byte[] path, byte[] buffer, int[] fileType) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(Math.max(buffer.length, 1));
            MemorySegment type = arena.allocate(JAVA_INT);
            int result = (int) caps4j_file_caps_get.invokeExact(cString(arena, path), value,
                    buffer.length, type);
            fileType[0] = type.get(JAVA_INT, 0);
            if (result > 0) {
                MemorySegment.copy(value, JAVA_BYTE, 0, buffer, 0, Math.min(result, buffer.length));
            }
            return result;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fileCapsSet(byte[] path, byte[] value, int[] fileType) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment type = arena.allocate(JAVA_INT);
            int result = (int) caps4j_file_caps_set.invokeExact(cString(arena, path),
                    arena.allocateFrom(JAVA_BYTE, value), value.length, type);
            fileType[0] = type.get(JAVA_INT, 0);
            return result;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int fileCapsRemove(byte[] path, int[] fileType) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment type = arena.allocate(JAVA_INT);
            int result = (int) caps4j_file_caps_remove.invokeExact(cString(arena, path), type);
            fileType[0] = type.get(JAVA_INT, 0);
            return result;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code bytes} plus a terminating NUL; the caller guarantees there is no NUL inside. */
    private static MemorySegment cString(Arena arena, byte[] bytes) {
        MemorySegment segment = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
        segment.set(JAVA_BYTE, bytes.length, (byte) 0);
        return segment;
    }

    /** Downcalls declare Throwable; none of ours throws a checked exception. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("unexpected exception from a native call", t);
    }
}
