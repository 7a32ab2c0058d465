/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * task_table.c - the running broadcast's tasks, and the signal-handler side that applies the
 * transaction on each of them.
 *
 * The broadcasting thread adds a task (publishing its slot in the tid index) before it
 * signals it; the handler finds its own slot, applies the transaction, records the result and
 * returns at once. It never waits for other threads: a handler that parked until the sweep
 * ended deadlocked with any other suspender (JFR's sampler, profilers, debuggers) that was
 * itself parked here while holding a thread we waited for. A thread that changed can only
 * create threads that already have the target state; those skip the list (state_check.c), and
 * the sweep ends once no newly found thread needed it (broadcast.c).
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <string.h>

#include "executor.h"
#include "futex.h"
#include "syscalls.h"

struct c4j_task {
	int32_t tid;
	int32_t compare_first; /* compare with the target before the list (see apply_here) */
	_Atomic int32_t state; /* enum caps4j_thread_state */
	int32_t ran;
	int32_t step;
	int32_t err;
	uint32_t mismatched;
	int32_t securebits;
};

static struct caps4j_transaction txn_copy;
static int32_t txn_is_one_capset; /* the list is one capset to exactly the target E/P/I */
static struct c4j_task tasks[CAPS4J_MAX_TASKS];
static _Atomic int32_t task_count;
static _Atomic uint32_t active_id;  /* the running broadcast's id, 0 between broadcasts */
static _Atomic int32_t active_pid;  /* the process that runs it (the signals' sender) */
static _Atomic uint32_t answers;    /* futex: bumped when `pending` reaches 0 */
static _Atomic int32_t pending;     /* signalled tasks neither DONE nor GONE yet */
static _Atomic uint32_t in_handler; /* futex: handlers inside c4j_deliver's work */
static _Atomic uint32_t handler_waiter; /* 1 while the caller waits for in_handler to drop */

static void wait_for_handlers(void);

void c4j_table_begin(const struct caps4j_transaction *txn, uint32_t id, int32_t pid)
{
	/* A handler of the previous broadcast that passed its id check just before it ended
	 * may still be reading txn_copy: never overwrite it under that handler. */
	wait_for_handlers();
	memcpy(&txn_copy, txn, sizeof txn_copy);
	const struct caps4j_op *op = &txn->ops[0];
	txn_is_one_capset = txn->fields == CAPS4J_FIELD_CAPS && txn->op_count == 1
			&& op->kind == CAPS4J_OP_CAPSET && op->arg == txn->target.effective
			&& op->arg2 == txn->target.permitted && op->arg3 == txn->target.inheritable;
	atomic_store(&task_count, 0);
	atomic_store(&pending, 0);
	atomic_store(&active_pid, pid);
	atomic_store(&active_id, id);
}

int32_t c4j_table_add(int32_t tid, int32_t compare_first)
{
	int32_t slot = atomic_load(&task_count);
	if (slot >= CAPS4J_MAX_TASKS)
		return -E2BIG;
	struct c4j_task *task = &tasks[slot];
	task->tid = tid;
	task->compare_first = compare_first;
	task->ran = 0;
	task->step = -1;
	task->err = 0;
	task->mismatched = 0;
	task->securebits = -1;
	atomic_store(&task->state, CAPS4J_THREAD_PENDING);
	atomic_fetch_add(&pending, 1);
	c4j_index_add(tid, slot);
	atomic_store(&task_count, slot + 1); /* published before the signal can arrive */
	return slot;
}

int32_t c4j_table_count(void)
{
	return atomic_load(&task_count);
}

/* Moves a task out of PENDING (to DONE or GONE) once; the last one wakes the caller. */
void c4j_table_finish(int32_t slot, int32_t state)
{
	int32_t expected = CAPS4J_THREAD_PENDING;
	if (atomic_compare_exchange_strong(&tasks[slot].state, &expected, state)
			&& atomic_fetch_sub(&pending, 1) == 1) {
		atomic_fetch_add(&answers, 1);
		futex_wake_all(&answers);
	}
}

int32_t c4j_table_pending(void)
{
	return atomic_load(&pending);
}

_Atomic uint32_t *c4j_table_answers(void)
{
	return &answers;
}

void c4j_table_reap_dead(int32_t pid)
{
	int32_t count = atomic_load(&task_count);
	for (int32_t i = 0; i < count; i++)
		if (atomic_load(&tasks[i].state) == CAPS4J_THREAD_PENDING
				&& c4j_task_is_dead(pid, tasks[i].tid))
			c4j_table_finish(i, CAPS4J_THREAD_GONE);
}

int32_t c4j_table_ran(int32_t from)
{
	int32_t count = atomic_load(&task_count), ran = 0;
	for (int32_t i = from; i < count; i++)
		ran += atomic_load(&tasks[i].state) == CAPS4J_THREAD_DONE && tasks[i].ran;
	return ran;
}

/* Waits (at most ~10 s) until no handler is inside c4j_deliver's work. */
static void wait_for_handlers(void)
{
	uint32_t inside;
	atomic_store(&handler_waiter, 1);
	for (int spins = 0; (inside = atomic_load(&in_handler)) > 0 && spins < 100000; spins++)
		futex_wait(&in_handler, inside, 100000L);
	atomic_store(&handler_waiter, 0);
}

void c4j_table_end(int32_t wait_for_late_handlers)
{
	atomic_store(&active_id, 0); /* late deliveries are ignored from now on */
	/* After a complete sweep every handler of this broadcast has recorded its result. After
	 * a timeout a late one may still be writing its entry: wait for it before reading. */
	if (wait_for_late_handlers)
		wait_for_handlers();
}

void c4j_table_summarize(struct caps4j_thread_result *results, int32_t capacity,
		struct caps4j_summary *summary)
{
	int32_t count = atomic_load(&task_count);
	for (int32_t i = 0; i < count; i++) {
		const struct c4j_task *task = &tasks[i];
		int32_t state = atomic_load(&task->state);
		int32_t done = state == CAPS4J_THREAD_DONE;
		int32_t err = state == CAPS4J_THREAD_PENDING ? ETIMEDOUT : task->err;
		summary->signalled++;
		summary->ran += done && task->ran;
		summary->already += done && !task->ran;
		summary->failed += done && err != 0;
		summary->gone += state == CAPS4J_THREAD_GONE;
		summary->timed_out += state == CAPS4J_THREAD_PENDING;
		summary->mismatched += done && task->mismatched != 0;
		if (summary->results < capacity) {
			struct caps4j_thread_result *out = &results[summary->results++];
			out->tid = task->tid;
			out->state = state;
			out->ran = task->ran;
			out->step = task->step;
			out->err = err;
			out->mismatched = task->mismatched;
			out->securebits = task->securebits;
			out->reserved = 0;
		}
		c4j_index_clear_run(task->tid);
	}
}

/*
 * Applies the transaction on the calling (signalled) thread and records the outcome. A thread
 * compares itself with the target first: one already there skips the list, which was planned
 * for another state, and its `ran` = 0 tells the sweep that it cannot have created a thread
 * with the old state. A task of the first scan of a transaction that is one capset to exactly
 * the target skips that comparison (one capget fewer per thread): that capset leaves a thread
 * already at the target as it is, and the first scan is never the last of a sweep in which a
 * thread ran the list.
 */
static void apply_here(struct c4j_task *task)
{
	int32_t securebits;
	if (task->compare_first || !txn_is_one_capset) {
		uint32_t before = c4j_mismatched(&txn_copy, txn_copy.fields, &securebits);
		if (before == 0) {
			task->securebits = securebits;
			return;
		}
	}
	task->ran = 1;
	int32_t rc = c4j_run_ops(&txn_copy, &task->step);
	task->err = rc < 0 ? -rc : 0;
	/* The kernel's answer for every field the list changed, read by this thread itself: the
	 * caller's verification trusts it instead of reading each task again from outside. */
	task->mismatched = c4j_mismatched(&txn_copy, txn_copy.fields, &task->securebits);
}

void c4j_deliver(int sig, siginfo_t *info, void *context)
{
	(void)sig;
	(void)context;
	uint32_t id = (uint32_t)info->si_value.sival_int & C4J_ID_MASK;
	atomic_fetch_add(&in_handler, 1);
	/* Else a late delivery of a finished broadcast, or a signal queued by another process. */
	if (atomic_load(&active_id) == id && info->si_pid == atomic_load(&active_pid)) {
		int32_t slot = c4j_index_find(c4j_gettid());
		if (slot >= 0 && atomic_load(&tasks[slot].state) == CAPS4J_THREAD_PENDING) {
			apply_here(&tasks[slot]);
			c4j_table_finish(slot, CAPS4J_THREAD_DONE);
		}
	}
	/* A wake costs a system call per thread: only when the caller is waiting for it. */
	if (atomic_fetch_sub(&in_handler, 1) == 1 && atomic_load(&handler_waiter))
		futex_wake_all(&in_handler);
}
