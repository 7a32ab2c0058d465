/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * caps4j.h - the ABI between libcaps4j.so and the Java binding (org.caps4j.internal).
 *
 * Rules every function here follows, so the Java side never reads errno or calls a variadic:
 *  - fixed-width arguments only;
 *  - the return value is >= 0 on success and -errno on failure;
 *  - results that do not fit the return value go to caller-provided buffers.
 * Changing any signature or struct layout here bumps CAPS4J_ABI_VERSION; Java refuses to use a
 * shim whose version differs from the one it was built for.
 */
#ifndef CAPS4J_H
#define CAPS4J_H

#include <signal.h>
#include <stdint.h>

#define CAPS4J_ABI_VERSION 8

#define CAPS4J_EXPORT __attribute__((visibility("default")))

/* The ABI version this shim was built with. */
CAPS4J_EXPORT int32_t caps4j_abi_version(void);

/* The kernel thread id of the calling thread. Never fails. */
CAPS4J_EXPORT int32_t caps4j_gettid(void);

/*
 * capget(2) with _LINUX_CAPABILITY_VERSION_3 for task `pid` (0 = calling thread).
 * out[6] receives the kernel's layout: {eff_lo, prm_lo, inh_lo, eff_hi, prm_hi, inh_hi}.
 */
CAPS4J_EXPORT int32_t caps4j_capget(int32_t pid, uint32_t out[6]);

/* The calling thread's bounding set as a mask of bits 0..63 (PR_CAPBSET_READ per bit). */
CAPS4J_EXPORT int32_t caps4j_read_bounding(uint64_t *out);

/* The calling thread's ambient set as a mask (PR_CAP_AMBIENT_IS_SET per bit). */
CAPS4J_EXPORT int32_t caps4j_read_ambient(uint64_t *out);

/* prctl(PR_GET_SECUREBITS): the calling thread's securebits, or -errno. */
CAPS4J_EXPORT int32_t caps4j_read_securebits(void);

/* prctl(PR_GET_NO_NEW_PRIVS): 0 or 1, or -errno. */
CAPS4J_EXPORT int32_t caps4j_read_no_new_privs(void);

/* prctl(PR_GET_KEEPCAPS): 0 or 1, or -errno. */
CAPS4J_EXPORT int32_t caps4j_read_keep_caps(void);

/*
 * The calling thread's whole credential state (every field of struct caps4j_state, the groups
 * in the kernel's order): 0, -E2BIG with more than CAPS4J_MAX_GROUPS groups, or -errno.
 */
struct caps4j_state;
CAPS4J_EXPORT int32_t caps4j_read_state(struct caps4j_state *out);

/*
 * The tids of /proc/self/task (raw getdents64) into out[0..capacity), in a listing proven
 * complete (task_scan.c: no task that lived throughout it is missing): their number, -E2BIG if
 * there are more than capacity, -EAGAIN if 64 listings in a row could not be proven complete
 * (tasks exiting at the wrong moment every time), or -errno.
 */
CAPS4J_EXPORT int32_t caps4j_list_tasks(int32_t *out, int32_t capacity);

/*
 * The highest capability number the running kernel knows, probed with PR_CAPBSET_READ
 * (independent of /proc being mounted), or -errno.
 */
CAPS4J_EXPORT int32_t caps4j_probe_last_cap(void);

/* ---- Transactions: one ordered op list, applied by every thread of the process (ABI 6) ---- */

/* What one op does; masks are capability masks. */
enum caps4j_op_kind {
	CAPS4J_OP_CAPSET = 1,         /* capset(2): effective = arg, permitted = arg2, inheritable = arg3 */
	CAPS4J_OP_BOUNDING_DROP = 2,  /* PR_CAPBSET_DROP for every bit of arg */
	CAPS4J_OP_AMBIENT_CLEAR = 3,  /* PR_CAP_AMBIENT_CLEAR_ALL */
	CAPS4J_OP_AMBIENT_RAISE = 4,  /* PR_CAP_AMBIENT_RAISE for every bit of arg */
	CAPS4J_OP_AMBIENT_LOWER = 5,  /* PR_CAP_AMBIENT_LOWER for every bit of arg */
	CAPS4J_OP_KEEP_CAPS = 6,      /* PR_SET_KEEPCAPS to arg (0 or 1) */
	CAPS4J_OP_SECUREBITS = 7,     /* PR_SET_SECUREBITS to arg */
	CAPS4J_OP_NO_NEW_PRIVS = 8,   /* PR_SET_NO_NEW_PRIVS to 1 (arg must be 1) */
	CAPS4J_OP_SETGROUPS = 9,      /* raw setgroups(2) to the transaction's target groups */
	CAPS4J_OP_SETRESGID = 11,     /* raw setresgid(2): real = arg, effective = arg2, saved = arg3 */
	CAPS4J_OP_SETRESUID = 12      /* raw setresuid(2): real = arg, effective = arg2, saved = arg3 */
};

/* One step of a transaction: 32 bytes, no padding. */
struct caps4j_op {
	uint32_t kind;     /* enum caps4j_op_kind */
	uint32_t reserved; /* 0 */
	uint64_t arg;
	uint64_t arg2;
	uint64_t arg3;
};

/* The most ops one transaction may hold. */
#define CAPS4J_MAX_OPS 64

/* The most supplementary groups a transaction may set. */
#define CAPS4J_MAX_GROUPS 64

/*
 * One thread's credential state: 336 bytes, no padding. In a transaction it is the target;
 * only the fields named by the transaction's `fields` are meaningful.
 */
struct caps4j_state {
	uint64_t effective;
	uint64_t permitted;
	uint64_t inheritable;
	uint64_t bounding;
	uint64_t ambient;
	uint32_t uid[3];      /* real, effective, saved */
	uint32_t gid[3];      /* real, effective, saved */
	int32_t securebits;   /* the whole word, SECBIT_KEEP_CAPS included */
	int32_t no_new_privs; /* 0 or 1 */
	uint32_t group_count; /* <= CAPS4J_MAX_GROUPS */
	uint32_t reserved;    /* 0 */
	uint32_t groups[CAPS4J_MAX_GROUPS]; /* any order: compared as a set */
};

/* The parts of a thread's state a transaction changes, compares and reads back. */
enum caps4j_field {
	CAPS4J_FIELD_CAPS = 1 << 0,         /* E, P and I (one capget) */
	CAPS4J_FIELD_BOUNDING = 1 << 1,     /* the bounding bits named by bounding_bits */
	CAPS4J_FIELD_AMBIENT = 1 << 2,      /* the ambient bits named by ambient_bits */
	CAPS4J_FIELD_SECUREBITS = 1 << 3,
	CAPS4J_FIELD_NO_NEW_PRIVS = 1 << 4,
	CAPS4J_FIELD_UIDS = 1 << 5,
	CAPS4J_FIELD_GIDS = 1 << 6,
	CAPS4J_FIELD_GROUPS = 1 << 7,
	CAPS4J_FIELD_READ_FAILED = 1 << 15  /* in results only: a read-back system call failed */
};

/*
 * A transaction: 2408 bytes. Each thread first compares `fields` with `target`: a thread
 * already there (e.g. created by a thread that had already changed) skips the op list, because
 * a list planned from the old state need not be valid from the new one. Otherwise it runs
 * ops[0..op_count). Either way it then reads the fields back and records which still differ.
 */
struct caps4j_transaction {
	uint32_t fields;        /* enum caps4j_field bits */
	int32_t op_count;
	uint64_t bounding_bits; /* the bounding bits compared and read back */
	uint64_t ambient_bits;  /* the ambient bits compared and read back */
	struct caps4j_state target;
	struct caps4j_op ops[CAPS4J_MAX_OPS];
};

/* Per-thread outcome of a broadcast: 32 bytes. */
struct caps4j_thread_result {
	int32_t tid;
	int32_t state;      /* enum caps4j_thread_state */
	int32_t ran;        /* 1 if it ran the op list, 0 if it was at the target already */
	int32_t step;       /* index of the failing op, or -1 */
	int32_t err;        /* errno of the failing op (ETIMEDOUT if it never answered), or 0 */
	uint32_t mismatched; /* fields that differ from the target after the list */
	int32_t securebits; /* read back after the list when SECUREBITS is a field, else -1 */
	int32_t reserved;
};

enum caps4j_thread_state {
	CAPS4J_THREAD_PENDING = 0, /* signalled, never answered (only in a timed-out broadcast) */
	CAPS4J_THREAD_DONE = 1,    /* answered; ran/step/err/mismatched say how it went */
	CAPS4J_THREAD_GONE = 2     /* exited (or became a zombie) before it answered */
};

/* What a broadcast did: 48 bytes. */
struct caps4j_summary {
	int32_t caller_step; /* op that failed on the calling thread, or -1 */
	int32_t caller_err;  /* its errno, or 0 */
	int32_t signalled;   /* threads signalled (the caller not included) */
	int32_t ran;         /* threads that ran the op list */
	int32_t already;     /* threads that were at the target and skipped it */
	int32_t failed;      /* threads whose op list failed */
	int32_t gone;        /* threads that exited before answering */
	int32_t timed_out;   /* threads that never answered */
	int32_t mismatched;  /* threads whose read-back differs from the target */
	int32_t sweeps;      /* scans of /proc/self/task */
	int32_t results;     /* entries written to the results buffer (<= capacity) */
	int32_t stopped_ms;  /* time the caller did not run (process stopped), not counted */
};

/*
 * Runs the transaction's ops on the calling thread only, in order, stopping at the first
 * failure: 0, or -errno with *failed_step set to the failing op. If the list turned keep-caps
 * on before failing, keep-caps is turned off again. Async-signal-safe.
 */
CAPS4J_EXPORT int32_t caps4j_run(const struct caps4j_transaction *txn, int32_t *failed_step);

/*
 * The all-threads transaction. Without `only_tids` (NULL or only_count 0):
 *  1. runs the ops on the calling thread; a failure there returns its -errno (summary
 *     caller_step/caller_err say where) and no other thread was signalled;
 *  2. signals every other task of /proc/self/task (signal 33, si_code SI_QUEUE, tagged with a
 *     process-unique broadcast id); each applies the transaction in the signal handler, records
 *     its result and returns; rescans until a listing proven complete (task_scan.c), or two
 *     in a row otherwise, finds no new task that ran the list.
 *     Handlers never wait for each other, so a thread suspended by someone else (JFR, a
 *     profiler, a debugger) delays the broadcast but cannot deadlock it.
 * With `only_tids`: skips the calling thread and the scan, and signals only those tids.
 * Any number of copies of this shim in one process take turns (one broadcast at a time,
 * whichever copy asks) and share one installed handler.
 * Returns 0 once every task answered or exited, -ETIMEDOUT after timeout_ms of running time
 * (time the process spent stopped does not count; results still filled), -EBUSY if another
 * copy's broadcast held the process-wide turn for timeout_ms, -E2BIG above CAPS4J_MAX_OPS ops,
 * CAPS4J_MAX_GROUPS groups or CAPS4J_MAX_TASKS tasks, -EINVAL for bad arguments, or the -errno
 * of an enumeration or signalling failure.
 */
CAPS4J_EXPORT int32_t caps4j_broadcast(const struct caps4j_transaction *txn,
		const int32_t *only_tids, int32_t only_count, int32_t timeout_ms,
		struct caps4j_thread_result *results, int32_t capacity,
		struct caps4j_summary *summary);

/*
 * Takes the process-wide turn for a whole transaction (read, plan, broadcast, verify, repair),
 * so that another copy of caps4j cannot change threads between this copy's broadcast and its
 * verification: 0, -EBUSY if another copy held it for timeout_ms, or -errno. Broadcasts of
 * this copy then run in that turn until caps4j_end_turn(). Not reentrant; this copy's callers
 * take turns among themselves first.
 */
CAPS4J_EXPORT int32_t caps4j_begin_turn(int32_t timeout_ms);
CAPS4J_EXPORT void caps4j_end_turn(void);

/* The most tasks one broadcast can track. */
#define CAPS4J_MAX_TASKS 32768

/*
 * How copies of the shim in one process find each other (coop.c): each exports this object;
 * the copy whose handler is installed for signal 33 owns the turn lock and the broadcast ids,
 * and passes our deliveries to the handler of the copy whose broadcast is running. The layout
 * is frozen: later shims must keep version 1 readable.
 */
struct caps4j_coop {
	uint32_t magic;   /* CAPS4J_COOP_MAGIC */
	uint32_t version; /* 1 */
	_Atomic uint32_t turn;    /* futex: 0 free, 1 taken, 2 taken with waiters */
	_Atomic uint32_t next_id; /* last broadcast id handed out */
	void (*_Atomic delegate)(int, siginfo_t *, void *); /* the running broadcast's delivery */
};
#define CAPS4J_COOP_MAGIC 0x6334a4c0u
CAPS4J_EXPORT extern struct caps4j_coop caps4j_coop_v1;

/* ---- File capabilities: the security.capability xattr of one regular file (ABI 4) ---- */

/*
 * Each function opens `path` (NUL-terminated bytes) once with O_PATH|O_NOFOLLOW, checks it with
 * fstat(2) and then acts on that inode only (through /proc/self/fd/N, or without /proc on a
 * reopened fd that must be the same inode, else -ESTALE), so a path swapped after the check is
 * never used. *file_type receives st_mode & S_IFMT once fstat succeeded (0 before that).
 * A symlink gives -ELOOP, any other non-regular file -EINVAL with *file_type saying what it is.
 */

/* getxattr: the raw value into buf; returns its length, -ENODATA if the file has none,
 * -ERANGE if it exceeds capacity. */
CAPS4J_EXPORT int32_t caps4j_file_caps_get(const char *path, uint8_t *buf, int32_t capacity,
		uint32_t *file_type);

/* setxattr (flags 0) with the raw value; needs CAP_SETFCAP (the kernel checks the value). */
CAPS4J_EXPORT int32_t caps4j_file_caps_set(const char *path, const uint8_t *value,
		int32_t length, uint32_t *file_type);

/* removexattr; -ENODATA if the file had none. */
CAPS4J_EXPORT int32_t caps4j_file_caps_remove(const char *path, uint32_t *file_type);

/* ---- Spawn: a child whose credentials are set between clone and exec (ABI 7) ---- */

/* What the child's descriptor 0, 1 or 2 becomes (ProcessBuilder.Redirect's kinds). */
enum caps4j_stdio {
	CAPS4J_STDIO_FD = 0,      /* the caller's descriptor stdio_fds[slot] (e.g. a caps4j_pipe end) */
	CAPS4J_STDIO_INHERIT = 1, /* the caller's own descriptor of that number, untouched */
	CAPS4J_STDIO_READ = 2,    /* the slot's path, O_RDONLY */
	CAPS4J_STDIO_WRITE = 3,   /* the slot's path, O_WRONLY|O_CREAT|O_TRUNC, mode 0666 & ~umask
	                             (Redirect.DISCARD is this with /dev/null, as in the JDK) */
	CAPS4J_STDIO_APPEND = 4,  /* the slot's path, O_WRONLY|O_CREAT|O_APPEND, mode 0666 & ~umask */
	CAPS4J_STDIO_STDOUT = 5   /* slot 2 only: whatever slot 1 gives the child */
};

/* Where a spawn failed (struct caps4j_child.stage); `detail` says more. */
enum caps4j_spawn_stage {
	CAPS4J_SPAWN_ARGUMENTS = 1,   /* the request itself (-EINVAL, -E2BIG) */
	CAPS4J_SPAWN_OPEN = 2,        /* the file of slot `detail`, in the caller */
	CAPS4J_SPAWN_CLONE = 3,       /* clone(2) */
	CAPS4J_SPAWN_CREDENTIALS = 4, /* in the child: op `detail` of the transaction */
	CAPS4J_SPAWN_VERIFY = 5,      /* in the child: fields `detail` differ from the target
	                                 after the ops (-ENOTRECOVERABLE) */
	CAPS4J_SPAWN_STDIO = 6,       /* in the child: making descriptor `detail` */
	CAPS4J_SPAWN_DIRECTORY = 7,   /* in the child: chdir */
	CAPS4J_SPAWN_CLOSE_FDS = 8,   /* in the child: closing every other descriptor */
	CAPS4J_SPAWN_EXEC = 9         /* in the child: execve (after the search path, if any) */
};

/* What caps4j_spawn reports: 16 bytes. */
struct caps4j_child {
	int32_t pid;
	int32_t pidfd;    /* a pidfd for the child (close-on-exec), or -1 without CLONE_PIDFD */
	int32_t stage;    /* on failure, enum caps4j_spawn_stage; else 0 */
	int32_t detail;   /* on failure, as the stage says */
};

/*
 * Starts a program the way libcap's cap_launch and glibc's posix_spawn do: clone(CLONE_VM |
 * CLONE_VFORK) from the calling thread with every signal blocked; the child resets every
 * signal to SIG_DFL, runs txn's ops (NULL: none) with the raw-syscall executor and reads the
 * target fields back, sets descriptors 0-2, changes directory, closes every other descriptor,
 * restores the caller's signal mask and executes the program. No thread of the caller changes.
 *
 * `strings` holds, NUL-terminated and back to back in `length` bytes: the argc arguments
 * (argv[0] names the program), the envc "NAME=value" entries, the directory ("" for the
 * caller's), the search path used when argv[0] has no '/' (as the JDK: the JVM's PATH, an empty
 * entry meaning "."; a program the kernel cannot execute (ENOEXEC) is run by /bin/sh), and the
 * paths of slots 0, 1 and 2 ("" where not a file). stdio[slot] is an enum caps4j_stdio;
 * stdio_fds[slot] the descriptor of a CAPS4J_STDIO_FD slot (the caller keeps and closes it).
 *
 * Returns 0 once the child executed the program (child filled in), else -errno with
 * child->stage and child->detail saying where; a child that failed was reaped, and every file
 * opened for it is closed either way.
 */
CAPS4J_EXPORT int32_t caps4j_spawn(const struct caps4j_transaction *txn, const char *strings,
		int32_t length, int32_t argc, int32_t envc, const int32_t stdio[3],
		const int32_t stdio_fds[3], struct caps4j_child *child);

/*
 * pipe2(O_CLOEXEC) into fds[0] (read end) and fds[1] (write end): 0 or -errno. The Java side
 * opens its end by /proc/self/fd/N while both ends are open (so the open never waits for a
 * peer), hands the other end to caps4j_spawn, then closes both descriptors.
 */
CAPS4J_EXPORT int32_t caps4j_pipe(int32_t fds[2]);

/*
 * Waits for the spawned child (by pidfd when >= 0, else by pid) and reaps it: its exit status,
 * 0x80 + the signal number if a signal ended it (as the JDK reports it), or -errno.
 */
CAPS4J_EXPORT int32_t caps4j_wait_child(int32_t pid, int32_t pidfd);

/* Sends `signal` to the child through its pidfd (pid reuse safe), else by pid: 0 or -errno. */
CAPS4J_EXPORT int32_t caps4j_signal_child(int32_t pid, int32_t pidfd, int32_t signal);

/* close(2): 0 or -errno. */
CAPS4J_EXPORT int32_t caps4j_close(int32_t fd);

/* ---- Unix stream sockets for the helper transport (unix_socket.c, ABI 8) ---- */

/*
 * A socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC) bound to `path`, its group set to `gid` (-1:
 * unchanged) and its mode to `mode` before listen(2): the listening fd, or -errno. Nothing is
 * ever unlinked: if anything exists at `path` (a stale socket, a symlink) bind fails with
 * -EADDRINUSE. A failure after bind leaves the socket file in place. The caller must have
 * checked that only root and the caller can write the directory (the file is chowned and
 * chmodded by path).
 */
CAPS4J_EXPORT int32_t caps4j_unix_listen(const char *path, int32_t mode, int32_t gid,
		int32_t backlog);

/*
 * 0 if fd is an AF_UNIX SOCK_STREAM socket in the listening state (SO_DOMAIN, SO_TYPE,
 * SO_ACCEPTCONN); -EAFNOSUPPORT for another family, -EPROTOTYPE for another type, -EINVAL if it
 * is not listening, or the -errno of getsockopt (-ENOTSOCK, -EBADF).
 */
CAPS4J_EXPORT int32_t caps4j_unix_check_listening(int32_t fd);

/* How struct caps4j_peer's pidfd was obtained. */
enum caps4j_pidfd_kind {
	CAPS4J_PIDFD_NONE = 0,   /* no pidfd (-1): pid 0 (another pid namespace) or no pidfd_open */
	CAPS4J_PIDFD_PEER = 1,   /* SO_PEERPIDFD (Linux 6.5+): the connecting process itself */
	CAPS4J_PIDFD_OPENED = 2  /* pidfd_open(pid) right after accept: the pid may have been reused */
};

/* One accepted connection: 32 bytes, then `group_capacity` group ids. */
struct caps4j_peer {
	int32_t fd;          /* the connection, close-on-exec */
	int32_t pid;         /* SO_PEERCRED, at connect(2) time */
	int32_t uid;
	int32_t gid;
	int32_t pidfd;       /* close-on-exec, or -1; enum caps4j_pidfd_kind says where from */
	int32_t pidfd_kind;
	int32_t group_count; /* SO_PEERGROUPS, at connect(2) time */
	int32_t reserved;    /* 0 */
	uint32_t groups[];
};

/*
 * Waits up to timeout_ms for a connection on listen_fd and accepts it (accept4, SOCK_CLOEXEC)
 * with its peer's credentials: the new fd, -ETIMEDOUT, -E2BIG if the peer has more than
 * group_capacity supplementary groups (the connection is closed), or -errno.
 */
CAPS4J_EXPORT int32_t caps4j_unix_accept(int32_t listen_fd, int32_t timeout_ms,
		struct caps4j_peer *peer, int32_t group_capacity);

/* Waits up to timeout_ms for data, then reads at most capacity bytes: their number (0 at end
 * of stream), -ETIMEDOUT, -EAGAIN (nothing after all: try again), or -errno. */
CAPS4J_EXPORT int32_t caps4j_unix_read(int32_t fd, uint8_t *buf, int32_t capacity,
		int32_t timeout_ms);

/* Waits up to timeout_ms until fd is writable, then writes at most length bytes (never
 * SIGPIPE): the number written, -ETIMEDOUT, -EAGAIN, or -errno (-EPIPE: the peer is gone). */
CAPS4J_EXPORT int32_t caps4j_unix_write(int32_t fd, const uint8_t *buf, int32_t length,
		int32_t timeout_ms);

/* shutdown(fd, SHUT_RDWR): wakes a thread waiting on fd without closing it. 0 or -errno. */
CAPS4J_EXPORT int32_t caps4j_unix_shutdown(int32_t fd);

#endif
