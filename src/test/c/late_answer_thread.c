/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * late_answer_thread.c - a native thread that answers signal 33 late and stops the process
 * at the worst moment, for the stopped-process test (issue 8 item 5(a)).
 *
 * caps4j_test_late_thread(stops): starts a pthread that loops: sleep 20 ms; block signal 33
 * (raw rt_sigprocmask: glibc's wrappers refuse to block it) and spin 5 ms of its own CPU
 * time; unblock (a pending signal 33 is handled now). While blocked, if signal 33 is pending
 * (a broadcast is waiting for this thread) and fewer than `stops` stops happened, at least 2 s
 * after the last, it sends SIGSTOP to its own process; once continued it spins 20 ms more of
 * CPU time before unblocking, so the broadcast's caller wakes first and still finds it
 * unanswered. caps4j_test_late_stops() counts the stops. Returns the tid or -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static _Atomic int32_t late_tid;
static _Atomic int32_t stops_done;
static int32_t stops_wanted;

static int64_t nanos(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void mask33(int how)
{
	uint64_t set = 1ULL << (33 - 1);
	syscall(SYS_rt_sigprocmask, how, &set, NULL, sizeof set);
}

static int pending33(void)
{
	uint64_t set = 0;
	syscall(SYS_rt_sigpending, &set, sizeof set);
	return (set >> (33 - 1)) & 1;
}

static void spin(int64_t cpu_nanos)
{
	int64_t end = nanos(CLOCK_THREAD_CPUTIME_ID) + cpu_nanos;
	while (nanos(CLOCK_THREAD_CPUTIME_ID) < end)
		;
}

static void *late_main(void *unused)
{
	(void)unused;
	int64_t last_stop = nanos(CLOCK_MONOTONIC);
	atomic_store(&late_tid, (int32_t)syscall(SYS_gettid));
	for (;;) {
		struct timespec pause = { 0, 20000000L };
		nanosleep(&pause, NULL);
		mask33(SIG_BLOCK);
		int64_t end = nanos(CLOCK_THREAD_CPUTIME_ID) + 5000000L;
		while (nanos(CLOCK_THREAD_CPUTIME_ID) < end) {
			if (atomic_load(&stops_done) < stops_wanted && pending33()
					&& nanos(CLOCK_MONOTONIC) - last_stop > 2000000000L) {
				atomic_fetch_add(&stops_done, 1);
				kill(getpid(), SIGSTOP);
				last_stop = nanos(CLOCK_MONOTONIC);
				spin(20000000L);
				break;
			}
		}
		mask33(SIG_UNBLOCK);
	}
	return NULL;
}

int32_t caps4j_test_late_thread(int32_t stops)
{
	pthread_attr_t attr;
	pthread_t thread;
	stops_wanted = stops;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&thread, &attr, late_main, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0)
		return -rc;
	struct timespec ts = { 0, 1000000 };
	for (int i = 0; i < 5000 && atomic_load(&late_tid) == 0; i++)
		nanosleep(&ts, NULL);
	return atomic_load(&late_tid) == 0 ? -ETIMEDOUT : atomic_load(&late_tid);
}

int32_t caps4j_test_late_stops(void)
{
	return atomic_load(&stops_done);
}
