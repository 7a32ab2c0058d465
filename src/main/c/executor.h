/*
 * executor.h - internal interfaces between the shim's transaction files (not part of the ABI;
 * every name here is hidden by -fvisibility=hidden and the version script).
 */
#ifndef CAPS4J_EXECUTOR_H
#define CAPS4J_EXECUTOR_H

#include <stdint.h>

#include "caps4j.h"

/* Runs the list on the calling thread: 0 or -errno, *failed_step set on failure. */
int32_t c4j_run_ops(const struct caps4j_op *ops, int32_t count, int32_t *failed_step);

/* The calling thread's securebits, keep-caps and no_new_privs (each the value or -errno). */
void c4j_read_back(int32_t *securebits, int32_t *keep_caps, int32_t *no_new_privs);

/*
 * The calling thread's bounding set and ambient set as masks (ambient: only the capabilities
 * in its own permitted and inheritable sets are asked, as no other can be ambient).
 * 0 or -errno. Async-signal-safe.
 */
int32_t c4j_read_masks(uint64_t *bounding, uint64_t *ambient);

/* task_index.c: tid -> slot in the broadcast's task table (caller writes, handlers read). */
int32_t c4j_index_find(int32_t tid);           /* the slot, or -1 */
void c4j_index_add(int32_t tid, int32_t slot); /* tid must not be present; never fails */
void c4j_index_clear_run(int32_t tid);         /* called for every added tid: empties it */

/* Opens /proc/self/task for c4j_scan_tasks: a descriptor, or -errno. */
int32_t c4j_open_tasks(void);
void c4j_close_tasks(int32_t fd);

/*
 * Calls visit(tid, ctx) for every task listed by `fd` (from c4j_open_tasks; rewound first;
 * raw getdents64, no allocation). Stops early when visit returns non-zero and returns that
 * value; otherwise 0, or -errno.
 */
int32_t c4j_scan_tasks(int32_t fd, int32_t (*visit)(int32_t tid, void *ctx), void *ctx);

/* 1 if task `tid` of this process is gone or a zombie (cannot run a signal handler), else 0. */
int32_t c4j_task_is_dead(int32_t tgid, int32_t tid);

#endif
