/*
 * broadcast.c - apply one op list on every thread of the process (DESIGN 1.4).
 *
 * The caller runs the list first; then each other task of /proc/self/task is sent signal 33
 * (rt_tgsigqueueinfo, si_code SI_QUEUE, si_value = tag | broadcast id). The handler runs the
 * list, records its result in `tasks`, and waits on the futex `released` until the caller has
 * rescanned /proc/self/task twice without finding a new task: a parked thread cannot create a
 * thread that escapes. Only the caller writes `tasks` entries' tids; handlers write their own
 * entry's result. One broadcast at a time (`busy`).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "executor.h"
#include "futex.h"
#include "signal_install.h"

#define C4J_TAG 0x43000000u      /* high byte of si_value marks our deliveries */
#define C4J_ID_MASK 0x00ffffffu

struct c4j_task {
	int32_t tid;
	_Atomic int32_t state; /* enum caps4j_thread_state */
	int32_t step;
	int32_t err;
	int32_t securebits; /* read back by the thread after the list, -1 until then */
	int32_t keep_caps;
	int32_t no_new_privs;
	int32_t masks_status; /* 0 once bounding/ambient were read back, -errno, -1 until then */
	uint64_t bounding;
	uint64_t ambient;
};

static atomic_flag busy = ATOMIC_FLAG_INIT;
static struct caps4j_op ops_copy[CAPS4J_MAX_OPS];
static int32_t ops_count;
static struct c4j_task tasks[CAPS4J_MAX_TASKS];
static _Atomic int32_t task_count;
static _Atomic uint32_t active_id;  /* the running broadcast's id, 0 between broadcasts */
static _Atomic uint32_t released;   /* futex: highest broadcast id whose threads may leave */
static _Atomic uint32_t answers;    /* futex: bumped when `pending` reaches 0 */
static _Atomic int32_t pending;     /* signalled tasks neither DONE nor GONE yet */
static _Atomic uint32_t in_handler; /* futex: handlers inside the broadcast part of the handler */
static uint32_t next_id;

/* Moves task i out of PENDING (to DONE or GONE) once; the last one wakes the caller. */
static void finish(int32_t i, int32_t state)
{
	int32_t expected = CAPS4J_THREAD_PENDING;
	if (atomic_compare_exchange_strong(&tasks[i].state, &expected, state)
			&& atomic_fetch_sub(&pending, 1) == 1) {
		atomic_fetch_add(&answers, 1);
		futex_wake_all(&answers);
	}
}

static void on_signal(int sig, siginfo_t *info, void *context)
{
	int saved_errno = errno;
	uint32_t value = info ? (uint32_t)info->si_value.sival_int : 0;

	if (!info || info->si_code != SI_QUEUE || info->si_pid != (pid_t)syscall(SYS_getpid)
			|| (value & ~C4J_ID_MASK) != C4J_TAG) {
		c4j_chain_previous(sig, info, context);
		errno = saved_errno;
		return;
	}
	uint32_t id = value & C4J_ID_MASK;
	atomic_fetch_add(&in_handler, 1);
	if (atomic_load(&active_id) == id) { /* else a late delivery of a finished broadcast */
		int32_t tid = (int32_t)syscall(SYS_gettid);
		int32_t step = -1;
		int32_t rc = c4j_run_ops(ops_copy, ops_count, &step);
		int32_t secbits, keep, nnp;
		c4j_read_back(&secbits, &keep, &nnp);
		uint64_t bounding = 0, ambient = 0;
		int32_t masks = c4j_read_masks(&bounding, &ambient);
		int32_t i = c4j_index_find(tid);
		if (i >= 0 && atomic_load(&tasks[i].state) == CAPS4J_THREAD_PENDING) {
			tasks[i].step = step;
			tasks[i].err = rc < 0 ? -rc : 0;
			tasks[i].securebits = secbits;
			tasks[i].keep_caps = keep;
			tasks[i].no_new_privs = nnp;
			tasks[i].masks_status = masks;
			tasks[i].bounding = bounding;
			tasks[i].ambient = ambient;
			finish(i, CAPS4J_THREAD_DONE);
		}
		/* Park until the sweep ends, so this thread cannot clone one that escapes it. */
		uint32_t seen;
		while ((seen = atomic_load(&released)) < id)
			futex_wait(&released, seen, 0);
	}
	if (atomic_fetch_sub(&in_handler, 1) == 1)
		futex_wake_all(&in_handler);
	errno = saved_errno;
}

/* Waits (at most ~10 s) until no handler is inside the broadcast part of on_signal. */
static void wait_for_handlers(void)
{
	uint32_t inside;
	for (int spins = 0; (inside = atomic_load(&in_handler)) > 0 && spins < 100000; spins++)
		futex_wait(&in_handler, inside, 100000L);
}

struct sweep {
	int32_t pid;
	int32_t self;
	uint32_t id;
	int32_t added;
	uint32_t uid;
};

static int32_t signal_task(int32_t tid, struct sweep *sweep)
{
	int32_t index = atomic_load(&task_count);
	if (index >= CAPS4J_MAX_TASKS)
		return -E2BIG;
	tasks[index].tid = tid;
	tasks[index].step = -1;
	tasks[index].err = 0;
	tasks[index].securebits = -1;
	tasks[index].keep_caps = -1;
	tasks[index].no_new_privs = -1;
	tasks[index].masks_status = -1;
	tasks[index].bounding = 0;
	tasks[index].ambient = 0;
	atomic_store(&tasks[index].state, CAPS4J_THREAD_PENDING);
	atomic_fetch_add(&pending, 1);
	c4j_index_add(tid, index);
	atomic_store(&task_count, index + 1); /* published before the signal can arrive */

	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = C4J_SIGNAL;
	info.si_code = SI_QUEUE;
	info.si_pid = sweep->pid;
	info.si_uid = (uid_t)sweep->uid;
	info.si_value.sival_int = (int)(C4J_TAG | sweep->id);
	for (int attempt = 0;; attempt++) {
		if (syscall(SYS_rt_tgsigqueueinfo, sweep->pid, tid, C4J_SIGNAL, &info) == 0) {
			sweep->added++;
			return 0;
		}
		if (errno == ESRCH) { /* exited since the scan */
			finish(index, CAPS4J_THREAD_GONE);
			return 0;
		}
		if (errno != EAGAIN || attempt >= 1000) /* EAGAIN: signal queue full, retry */
			return -errno;
		futex_wait(&answers, atomic_load(&answers), 100000);
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
 * Waits until no task is PENDING (dead ones become GONE): 0, or -ETIMEDOUT at `deadline`.
 * Handlers wake the caller once, when the last pending task answers; every 5 ms the caller
 * also looks for tasks that died without answering.
 */
static int32_t settle(const struct sweep *sweep, int64_t deadline)
{
	for (;;) {
		uint32_t seen_answers = atomic_load(&answers);
		if (atomic_load(&pending) == 0)
			return 0;
		int64_t now = now_nanos();
		if (now >= deadline)
			return -ETIMEDOUT;
		futex_wait(&answers, seen_answers, 5000000L);
		if (atomic_load(&pending) == 0)
			return 0;
		int32_t count = atomic_load(&task_count);
		for (int32_t i = 0; i < count; i++)
			if (atomic_load(&tasks[i].state) == CAPS4J_THREAD_PENDING
					&& c4j_task_is_dead(sweep->pid, tasks[i].tid))
				finish(i, CAPS4J_THREAD_GONE);
	}
}

static int32_t sweep_all(struct sweep *sweep, int32_t tasks_fd, const int32_t *retry,
		int32_t retry_count, int64_t deadline, struct caps4j_summary *summary)
{
	if (retry) {
		for (int32_t i = 0; i < retry_count; i++) {
			int32_t rc = visit(retry[i], sweep);
			if (rc < 0)
				return rc;
		}
		summary->sweeps = 0;
		return settle(sweep, deadline);
	}
	for (int quiet = 0; quiet < 2;) {
		sweep->added = 0;
		int32_t rc = c4j_scan_tasks(tasks_fd, visit, sweep);
		summary->sweeps++;
		if (rc == 0)
			rc = settle(sweep, deadline);
		if (rc < 0)
			return rc;
		quiet = sweep->added == 0 ? quiet + 1 : 0;
	}
	return 0;
}

static void summarize(struct caps4j_thread_result *results, int32_t capacity,
		struct caps4j_summary *summary)
{
	int32_t count = atomic_load(&task_count);
	for (int32_t i = 0; i < count; i++) {
		int32_t state = atomic_load(&tasks[i].state);
		int32_t err = state == CAPS4J_THREAD_PENDING ? ETIMEDOUT : tasks[i].err;
		summary->signalled++;
		summary->failed += state == CAPS4J_THREAD_DONE && err != 0;
		summary->gone += state == CAPS4J_THREAD_GONE;
		summary->timed_out += state == CAPS4J_THREAD_PENDING;
		if (summary->results < capacity) {
			struct caps4j_thread_result *out = &results[summary->results++];
			out->tid = tasks[i].tid;
			out->state = state;
			out->step = tasks[i].step;
			out->err = err;
			out->securebits = tasks[i].securebits;
			out->keep_caps = tasks[i].keep_caps;
			out->no_new_privs = tasks[i].no_new_privs;
			out->masks_status = tasks[i].masks_status;
			out->bounding = tasks[i].bounding;
			out->ambient = tasks[i].ambient;
		}
	}
}

int32_t caps4j_broadcast(const struct caps4j_op *ops, int32_t count,
		const int32_t *retry_tids, int32_t retry_count, int32_t timeout_ms,
		struct caps4j_thread_result *results, int32_t capacity,
		struct caps4j_summary *summary)
{
	if (!ops || !summary || count < 0 || timeout_ms <= 0 || capacity < 0
			|| (capacity > 0 && !results) || retry_count < 0
			|| (retry_count > 0 && !retry_tids))
		return -EINVAL;
	memset(summary, 0, sizeof *summary);
	summary->caller_step = -1;
	if (count > CAPS4J_MAX_OPS || retry_count > CAPS4J_MAX_TASKS)
		return -E2BIG;
	if (atomic_flag_test_and_set(&busy))
		return -EBUSY;

	/* Everything that can fail before the caller's ops is done first: a failure here or in
	 * the caller's ops leaves every thread as it was. */
	const int32_t *retry = retry_count > 0 ? retry_tids : NULL;
	int32_t tasks_fd = c4j_open_tasks();
	int32_t rc = tasks_fd < 0 ? tasks_fd : c4j_ensure_handler(on_signal);
	if (rc >= 0 && !retry) {
		rc = c4j_run_ops(ops, count, &summary->caller_step);
		if (rc < 0)
			summary->caller_err = -rc;
	}
	if (rc < 0) {
		if (tasks_fd >= 0)
			c4j_close_tasks(tasks_fd);
		atomic_flag_clear(&busy);
		return rc;
	}
	memcpy(ops_copy, ops, (size_t)count * sizeof *ops);
	ops_count = count;
	atomic_store(&task_count, 0);
	atomic_store(&pending, 0);
	next_id = (next_id % C4J_ID_MASK) + 1;
	if (next_id == 1) { /* ids are monotonic so late handlers of old broadcasts never wait */
		wait_for_handlers(); /* none may still be parked on an old id */
		atomic_store(&released, 0);
	}
	struct sweep sweep = {
		.pid = (int32_t)syscall(SYS_getpid),
		.self = (int32_t)syscall(SYS_gettid),
		.id = next_id,
		.uid = (uint32_t)syscall(SYS_getuid),
	};
	atomic_store(&active_id, sweep.id);

	rc = sweep_all(&sweep, tasks_fd, retry, retry_count,
			now_nanos() + (int64_t)timeout_ms * 1000000L, summary);
	c4j_close_tasks(tasks_fd);

	/* End the broadcast: late deliveries are ignored, parked threads leave. */
	atomic_store(&active_id, 0);
	atomic_store(&released, sweep.id);
	futex_wake_all(&released);
	summarize(results, capacity, summary);
	/* After a complete sweep (rc 0, nothing pending) every handler of this broadcast has
	 * recorded its result and touches no shared state again: the released threads leave on
	 * their own. Otherwise a late handler may still be writing its entry: wait for all. */
	if (rc < 0)
		wait_for_handlers();
	for (int32_t i = 0, added = atomic_load(&task_count); i < added; i++)
		c4j_index_clear_run(tasks[i].tid);
	atomic_flag_clear(&busy);
	return rc;
}
