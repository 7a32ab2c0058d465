/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * executor.h - internal interfaces between the shim's transaction files (not part of the ABI;
 * every name here is hidden by -fvisibility=hidden and the version script).
 */
#ifndef CAPS4J_EXECUTOR_H
#define CAPS4J_EXECUTOR_H

#include <signal.h>
#include <stdint.h>

#include "caps4j.h"

/* ops.c: runs the list on the calling thread: 0 or -errno, *failed_step set on failure. */
int32_t c4j_run_ops(const struct caps4j_transaction *txn, int32_t *failed_step);
/* 0 if op_count and group_count are in range, else -EINVAL or -E2BIG. */
int32_t c4j_check_transaction(const struct caps4j_transaction *txn);

/*
 * state_check.c: the CAPS4J_FIELD_* bits of `fields` (within txn->fields) in which the calling thread differs
 * from txn->target (plus CAPS4J_FIELD_READ_FAILED if a read failed); *securebits receives the
 * securebits read, or -1 when not a field. Async-signal-safe.
 */
uint32_t c4j_mismatched(const struct caps4j_transaction *txn, uint32_t fields,
		int32_t *securebits);

/* task_index.c: tid -> slot in the broadcast's task table (caller writes, handlers read). */
int32_t c4j_index_find(int32_t tid);           /* the slot, or -1 */
void c4j_index_add(int32_t tid, int32_t slot); /* tid must not be present; never fails */
void c4j_index_clear_run(int32_t tid);         /* called for every added tid: empties it */

/* task_scan.c: opens /proc/self/task for c4j_scan_tasks: a descriptor, or -errno. */
int32_t c4j_open_tasks(void);
void c4j_close_tasks(int32_t fd);

/*
 * Calls visit(tid, ctx) for every task listed by `fd` (from c4j_open_tasks; rewound first;
 * raw getdents64, no allocation). Stops early when visit returns non-zero and returns that
 * value; otherwise 0, or -errno.
 */
int32_t c4j_scan_tasks(int32_t fd, int32_t (*visit)(int32_t tid, void *ctx), void *ctx);
/*
 * The same with the caller's buffer; *complete (if not NULL) is set to 1 when the listing is
 * proven to hold every task that lived throughout it, else 0 (see task_scan.c).
 */
int32_t c4j_scan_listing(int32_t fd, char *buffer, long size,
		int32_t (*visit)(int32_t tid, void *ctx), void *ctx, int32_t *complete);

/* 1 if task `tid` of this process is gone or a zombie (cannot run a signal handler), else 0. */
int32_t c4j_task_is_dead(int32_t tgid, int32_t tid);

/*
 * task_table.c: the running broadcast's tasks and the delivery that applies it. Only the
 * broadcasting thread calls these, except c4j_deliver (signal handlers).
 */
void c4j_table_begin(const struct caps4j_transaction *txn, uint32_t id, int32_t pid);
/* Its slot, or -E2BIG; compare_first = 0 lets it skip comparing before a one-capset list. */
int32_t c4j_table_add(int32_t tid, int32_t compare_first);
int32_t c4j_table_count(void);
void c4j_table_finish(int32_t slot, int32_t state);
int32_t c4j_table_pending(void);
_Atomic uint32_t *c4j_table_answers(void);    /* futex bumped when pending reaches 0 */
void c4j_table_reap_dead(int32_t pid);        /* pending tasks that died become GONE */
int32_t c4j_table_ran(int32_t from);          /* slots >= from whose thread ran the list */
void c4j_table_end(int32_t wait_for_late_handlers);
void c4j_table_summarize(struct caps4j_thread_result *results, int32_t capacity,
		struct caps4j_summary *summary);
void c4j_deliver(int sig, siginfo_t *info, void *context);

/* coop.c: the process-wide turn and ids shared by every copy of the shim. */
struct caps4j_coop *c4j_coop_of(void *handler); /* a copy's coop object, or NULL */
int32_t c4j_take_turn(struct caps4j_coop *owner, int64_t deadline); /* 0 or -EBUSY */
void c4j_give_turn(struct caps4j_coop *owner);
uint32_t c4j_next_id(struct caps4j_coop *owner); /* 1..C4J_ID_MASK */
struct caps4j_coop *c4j_held_turn(void); /* from caps4j_begin_turn, or NULL */

#define C4J_TAG 0x43000000u /* high byte of si_value marks caps4j deliveries */
#define C4J_ID_MASK 0x00ffffffu

#endif
