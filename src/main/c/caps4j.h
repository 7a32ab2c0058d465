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

#include <stdint.h>

#define CAPS4J_ABI_VERSION 5

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
 * The highest capability number the running kernel knows, probed with PR_CAPBSET_READ
 * (independent of /proc being mounted), or -errno.
 */
CAPS4J_EXPORT int32_t caps4j_probe_last_cap(void);

/* ---- Transactions: one ordered op list, applied by every thread of the process (ABI 3) ---- */

/* What one op does; `arg` is a capability mask unless said otherwise. */
enum caps4j_op_kind {
	CAPS4J_OP_CAPSET = 1,         /* capset(2): effective = arg, permitted = arg2, inheritable = arg3 */
	CAPS4J_OP_BOUNDING_DROP = 2,  /* PR_CAPBSET_DROP for every bit of arg */
	CAPS4J_OP_AMBIENT_CLEAR = 3,  /* PR_CAP_AMBIENT_CLEAR_ALL */
	CAPS4J_OP_AMBIENT_RAISE = 4,  /* PR_CAP_AMBIENT_RAISE for every bit of arg */
	CAPS4J_OP_AMBIENT_LOWER = 5,  /* PR_CAP_AMBIENT_LOWER for every bit of arg */
	CAPS4J_OP_KEEP_CAPS = 6,      /* PR_SET_KEEPCAPS to arg (0 or 1) */
	CAPS4J_OP_SECUREBITS = 7,     /* PR_SET_SECUREBITS to arg */
	CAPS4J_OP_NO_NEW_PRIVS = 8,   /* PR_SET_NO_NEW_PRIVS to 1 (arg must be 1) */
	CAPS4J_OP_SETGROUPS = 9,      /* raw setgroups(2) with arg gids (<= CAPS4J_MAX_GROUPS),
	                                 read from the GROUP_DATA ops that follow this op */
	CAPS4J_OP_GROUP_DATA = 10,    /* payload of SETGROUPS: up to 6 gids, two per u64 (low
	                                 32 bits first) in arg, arg2, arg3; never runs alone */
	CAPS4J_OP_SETRESGID = 11,     /* raw setresgid(2): real = arg, effective = arg2, saved = arg3 */
	CAPS4J_OP_SETRESUID = 12,     /* raw setresuid(2): real = arg, effective = arg2, saved = arg3 */
	CAPS4J_OP_INJECT_FAILURE = 99 /* test hook: fails with errno arg, changes nothing;
	                                 if arg2 != 0, thread arg2 is spared */
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

/* The most supplementary groups one SETGROUPS op may set (in ceil(n / 6) GROUP_DATA ops). */
#define CAPS4J_MAX_GROUPS 64
#define CAPS4J_GIDS_PER_OP 6

/*
 * Per-thread outcome of a broadcast: 48 bytes. Everything after `err` is read back by the
 * thread itself inside the handler after running the list. securebits, keep_caps and
 * no_new_privs (not in /proc status): the value of prctl(PR_GET_SECUREBITS / PR_GET_KEEPCAPS /
 * PR_GET_NO_NEW_PRIVS), -errno if that read failed, or -1 if the thread never ran the list
 * (PENDING or GONE). bounding and ambient (ABI 4): the thread's bounding set (PR_CAPBSET_READ
 * of every capability the kernel knows) and ambient set (PR_CAP_AMBIENT_IS_SET of every
 * capability in its own permitted and inheritable sets, the only ones the kernel lets be
 * ambient), valid only if masks_status is 0 (else -errno, or -1 if never run).
 */
struct caps4j_thread_result {
	int32_t tid;
	int32_t state; /* enum caps4j_thread_state */
	int32_t step;  /* index of the failing op, or -1 */
	int32_t err;   /* errno of the failing op (ETIMEDOUT if it never answered), or 0 */
	int32_t securebits;
	int32_t keep_caps;
	int32_t no_new_privs;
	int32_t masks_status;
	uint64_t bounding;
	uint64_t ambient;
};

enum caps4j_thread_state {
	CAPS4J_THREAD_PENDING = 0, /* signalled, never answered (only in a timed-out broadcast) */
	CAPS4J_THREAD_DONE = 1,    /* ran the op list; step/err say how it went */
	CAPS4J_THREAD_GONE = 2     /* exited (or became a zombie) before it ran the list */
};

/* What a broadcast did: 32 bytes. */
struct caps4j_summary {
	int32_t caller_step; /* op that failed on the calling thread, or -1 */
	int32_t caller_err;  /* its errno, or 0 */
	int32_t signalled;   /* threads signalled (the caller not included) */
	int32_t failed;      /* threads that ran the list and failed */
	int32_t gone;        /* threads that exited before running it */
	int32_t timed_out;   /* threads that never answered */
	int32_t sweeps;      /* scans of /proc/self/task */
	int32_t results;     /* entries written to the results buffer (<= capacity) */
};

/*
 * Runs ops[0..count) on the calling thread only, in order, stopping at the first failure.
 * Returns 0, or -errno with *failed_step set to the failing op. If the list turned keep-caps
 * on before failing, keep-caps is turned off again. Async-signal-safe.
 */
CAPS4J_EXPORT int32_t caps4j_run_ops(const struct caps4j_op *ops, int32_t count,
		int32_t *failed_step);

/*
 * The all-threads transaction. Without retry tids (retry_tids NULL or retry_count 0):
 *  1. runs the list on the calling thread; a failure there returns its -errno (summary
 *     caller_step/caller_err say where) and no other thread was touched;
 *  2. signals every other task of /proc/self/task (signal 33, si_code SI_QUEUE, tagged with a
 *     broadcast id); each runs the whole list in a signal handler, records its result and
 *     waits until the sweep ends; rescans until two sweeps in a row find no new task.
 * With retry tids: skips the calling thread and the scan, and re-runs the list on those tids.
 * Returns 0 once every task answered or exited (per-thread failures are in results and
 * summary->failed), -ETIMEDOUT after timeout_ms (results still filled), -EBUSY if another
 * broadcast is running, -E2BIG above CAPS4J_MAX_OPS ops or CAPS4J_MAX_TASKS tasks,
 * -EINVAL for bad arguments, or the -errno of an enumeration or signalling failure.
 */
CAPS4J_EXPORT int32_t caps4j_broadcast(const struct caps4j_op *ops, int32_t count,
		const int32_t *retry_tids, int32_t retry_count, int32_t timeout_ms,
		struct caps4j_thread_result *results, int32_t capacity,
		struct caps4j_summary *summary);

/* The most tasks one broadcast can track. */
#define CAPS4J_MAX_TASKS 32768

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

#endif
