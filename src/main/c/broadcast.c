/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * broadcast.c - apply one transaction on every thread of the process (DESIGN 1.4).
 *
 * The caller runs the list first; then each other task of /proc/self/task is added to the task
 * table and sent signal 33 (rt_tgsigqueueinfo, si_code SI_QUEUE, si_value = tag | id); its
 * handler applies the transaction and returns (task_table.c). The caller rescans until a sweep
 * finds no new task that had to run the list, in a listing proven complete (task_scan.c), or
 * until two such sweeps in a row when a listing cannot be proven complete (more tasks than
 * the buffer holds, a task exiting at the wrong moment).
 *
 * Why that is enough: a thread copies its creator's credentials when it is created, and it is
 * listed in /proc/self/task before clone() returns to its creator, so before the creator can
 * run our handler. A thread that still has the old state was therefore created by a thread
 * that had not answered yet, and is listed by the first scan after its creator answered. A
 * complete scan that finds no such thread (only new threads already at the target) ends the
 * sweep: every task then has answered, and every later thread copies a task that has the
 * target.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#include "executor.h"
#include "futex.h"
#include "signal_install.h"
#include "syscalls.h"

/* A gap longer than this between two looks at the clock means the caller was not running
 * (SIGSTOP, a debugger, a frozen cgroup): that time does not count toward the timeout. */
#define C4J_STOP_GAP_NANOS 250000000L
#define C4J_SETTLE_NANOS 5000000L

struct budget {
	int64_t deadline;
	int64_t last;
	int64_t stopped;
};

/* Advances the clock; returns 1 once the budget is spent. */
static int budget_spent(struct budget *budget)
{
	int64_t now = now_nanos();
	int64_t gap = now - budget->last;
	if (gap > C4J_STOP_GAP_NANOS) {
		budget->stopped += gap;
		budget->deadline += gap;
	}
	budget->last = now;
	return now >= budget->deadline;
}

/* One listing of /proc/self/task in a single read for up to ~2,000 tasks; only the thread
 * holding the process-wide turn uses it. */
static char scan_buffer[65536] __attribute__((aligned(8)));

struct sweep {
	int32_t pid;
	int32_t self;
	uint32_t id;
	uint32_t uid;
	int32_t first_scan_done; /* tasks found later may be new: they compare first */
	int32_t only;            /* signalling given tids (a repair): they compare first */
	struct budget *budget;
};

static int32_t signal_task(int32_t tid, struct sweep *sweep)
{
	int32_t slot = c4j_table_add(tid, sweep->first_scan_done || sweep->only);
	if (slot < 0)
		return slot;
	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = C4J_SIGNAL;
	info.si_code = SI_QUEUE;
	info.si_pid = sweep->pid;
	info.si_uid = (uid_t)sweep->uid;
	info.si_value.sival_int = (int)(C4J_TAG | sweep->id);
	for (int attempt = 0;; attempt++) {
		if (syscall(SYS_rt_tgsigqueueinfo, sweep->pid, tid, C4J_SIGNAL, &info) == 0)
			return 0;
		if (errno == ESRCH) { /* exited since the scan */
			c4j_table_finish(slot, CAPS4J_THREAD_GONE);
			return 0;
		}
		if (errno != EAGAIN || attempt >= 1000) /* EAGAIN: signal queue full, retry */
			return c4j_neg_errno();
		_Atomic uint32_t *answers = c4j_table_answers();
		futex_wait(answers, atomic_load(answers), 100000);
		(void)budget_spent(sweep->budget);
	}
}

static int32_t visit(int32_t tid, void *ctx)
{
	struct sweep *sweep = ctx;
	if (tid == sweep->self || c4j_index_find(tid) >= 0)
		return 0;
	return signal_task(tid, sweep);
}

/*
 * Waits until no task is PENDING (dead ones become GONE): 0, or -ETIMEDOUT once the budget is
 * spent. The last handler to answer wakes the caller; every 5 ms the caller also looks for
 * tasks that died without answering.
 */
static int32_t settle(const struct sweep *sweep)
{
	_Atomic uint32_t *answers = c4j_table_answers();
	for (;;) {
		uint32_t seen = atomic_load(answers);
		if (c4j_table_pending() == 0)
			return 0;
		if (budget_spent(sweep->budget))
			return -ETIMEDOUT;
		futex_wait(answers, seen, C4J_SETTLE_NANOS);
		if (c4j_table_pending() == 0)
			return 0;
		c4j_table_reap_dead(sweep->pid);
	}
}

static int32_t sweep_all(struct sweep *sweep, int32_t tasks_fd, const int32_t *only,
		int32_t only_count, struct caps4j_summary *summary)
{
	if (only) {
		sweep->only = 1;
		for (int32_t i = 0; i < only_count; i++) {
			int32_t rc = visit(only[i], sweep);
			if (rc < 0)
				return rc;
		}
		return settle(sweep);
	}
	for (int quiet = 0;;) {
		int32_t first_new = c4j_table_count(), complete;
		int32_t rc = c4j_scan_listing(tasks_fd, scan_buffer, sizeof scan_buffer, visit,
				sweep, &complete);
		summary->sweeps++;
		sweep->first_scan_done = 1;
		if (rc == 0)
			rc = settle(sweep);
		if (rc < 0)
			return rc;
		if (c4j_table_ran(first_new) != 0)
			quiet = 0;
		else if (complete || ++quiet == 2)
			return 0;
	}
}

static int32_t check_arguments(const struct caps4j_transaction *txn, const int32_t *only_tids,
		int32_t only_count, int32_t timeout_ms, const struct caps4j_thread_result *results,
		int32_t capacity)
{
	if (!txn || timeout_ms <= 0 || capacity < 0 || (capacity > 0 && !results)
			|| only_count < 0 || (only_count > 0 && !only_tids))
		return -EINVAL;
	if (only_count > CAPS4J_MAX_TASKS)
		return -E2BIG;
	return c4j_check_transaction(txn);
}

int32_t caps4j_broadcast(const struct caps4j_transaction *txn,
		const int32_t *only_tids, int32_t only_count, int32_t timeout_ms,
		struct caps4j_thread_result *results, int32_t capacity,
		struct caps4j_summary *summary)
{
	if (!summary)
		return -EINVAL;
	memset(summary, 0, sizeof *summary);
	summary->caller_step = -1;
	int32_t rc = check_arguments(txn, only_tids, only_count, timeout_ms, results, capacity);
	if (rc < 0)
		return rc;
	struct budget budget = { 0, now_nanos(), 0 };
	budget.deadline = budget.last + (int64_t)timeout_ms * 1000000L;

	/* Everything that can fail before the caller's ops is done first: a failure here or in
	 * the caller's ops leaves every other thread as it was. */
	struct caps4j_coop *owner;
	rc = c4j_ensure_owner(&owner);
	if (rc < 0)
		return rc;
	struct caps4j_coop *turn = c4j_held_turn();
	if (!turn) {
		turn = owner;
		rc = c4j_take_turn(turn, budget.deadline);
		if (rc < 0)
			return rc;
	}
	const int32_t *only = only_count > 0 ? only_tids : NULL;
	int32_t tasks_fd = only ? 0 : c4j_open_tasks();
	if (tasks_fd >= 0 && !only) {
		rc = c4j_run_ops(txn, &summary->caller_step);
		if (rc < 0)
			summary->caller_err = -rc;
	}
	if (tasks_fd < 0 || rc < 0) {
		if (tasks_fd > 0)
			c4j_close_tasks(tasks_fd);
		if (turn != c4j_held_turn())
			c4j_give_turn(turn);
		return tasks_fd < 0 ? tasks_fd : rc;
	}

	struct sweep sweep = {
		.pid = (int32_t)syscall(SYS_getpid),
		.self = c4j_gettid(),
		.id = c4j_next_id(owner),
		.uid = (uint32_t)syscall(SYS_getuid),
		.budget = &budget,
	};
	c4j_table_begin(txn, sweep.id, sweep.pid);
	atomic_store(&owner->delegate, c4j_deliver);
	rc = sweep_all(&sweep, tasks_fd, only, only_count, summary);
	if (!only)
		c4j_close_tasks(tasks_fd);
	c4j_table_end(rc < 0);
	void (*ours)(int, siginfo_t *, void *) = c4j_deliver;
	atomic_compare_exchange_strong(&owner->delegate, &ours, NULL);
	c4j_table_summarize(results, capacity, summary);
	summary->stopped_ms = (int32_t)(budget.stopped / 1000000L);
	if (turn != c4j_held_turn())
		c4j_give_turn(turn);
	return rc;
}
