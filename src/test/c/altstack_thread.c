/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * altstack_thread.c - native threads for the broadcast tests (issue 8 items 3 and 6).
 *
 * caps4j_test_altstack_thread(): a pthread with a 64 KiB stack and a 64 KiB sigaltstack that
 * uses up its normal stack until less than 512 bytes remain, then blocks there in raw
 * nanosleep system calls forever. A signal handler installed without SA_ONSTACK cannot run on
 * it (the kernel cannot push the signal frame: the process dies); one with SA_ONSTACK runs on
 * the alternate stack. caps4j_test_altstack_left() is the normal stack it had left.
 *
 * caps4j_test_plain_thread(): an ordinary pthread the JVM did not create, sleeping forever.
 * Both return the new thread's tid (or -errno).
 */
#define _GNU_SOURCE
#include <alloca.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define STACK_SIZE (64 * 1024)
#define ALT_SIZE (64 * 1024)
#define LEAVE 512

static _Atomic int32_t altstack_tid;
static _Atomic int64_t altstack_left = -1;
static _Atomic int32_t plain_tid;

static void sleep_forever(void)
{
	struct timespec ts = { 1, 0 };
	for (;;)
		syscall(SYS_nanosleep, &ts, NULL);
}

/* The deepest frame: records what is left below it, publishes the tid, then sleeps. */
static __attribute__((noinline)) void park(volatile char *used, uintptr_t low, int32_t tid)
{
	volatile char here;
	used[0] = 1;
	atomic_store(&altstack_left, (int64_t)((uintptr_t)&here - low));
	atomic_store(&altstack_tid, tid);
	sleep_forever();
}

static void *altstack_main(void *unused)
{
	(void)unused;
	stack_t alt = { .ss_sp = malloc(ALT_SIZE), .ss_size = ALT_SIZE, .ss_flags = 0 };
	pthread_attr_t attr;
	void *low;
	size_t size;
	if (!alt.ss_sp || sigaltstack(&alt, NULL) != 0 || pthread_getattr_np(pthread_self(), &attr))
		goto fail;
	pthread_attr_getstack(&attr, &low, &size);
	pthread_attr_destroy(&attr);
	volatile char mark;
	size_t left = (size_t)((uintptr_t)&mark - (uintptr_t)low);
	/* park's frame and the syscall wrapper need ~100 bytes of what LEAVE keeps. */
	if (left <= LEAVE + 256)
		goto fail;
	/* The first call of syscall() binds it lazily (the resolver needs kilobytes of stack):
	 * make that call here, while the stack is still free. */
	int32_t tid = (int32_t)syscall(SYS_gettid);
	volatile char *used = alloca(left - LEAVE);
	park(used, (uintptr_t)low, tid);
fail:
	atomic_store(&altstack_tid, -EINVAL);
	return NULL;
}

static void *plain_main(void *unused)
{
	(void)unused;
	atomic_store(&plain_tid, (int32_t)syscall(SYS_gettid));
	sleep_forever();
	return NULL;
}

static int32_t start(void *(*body)(void *), size_t stack, _Atomic int32_t *tid)
{
	pthread_attr_t attr;
	pthread_t thread;
	pthread_attr_init(&attr);
	if (stack)
		pthread_attr_setstacksize(&attr, stack);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&thread, &attr, body, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0)
		return -rc;
	struct timespec ts = { 0, 1000000 };
	for (int i = 0; i < 5000 && atomic_load(tid) == 0; i++)
		nanosleep(&ts, NULL);
	return atomic_load(tid) == 0 ? -ETIMEDOUT : atomic_load(tid);
}

int32_t caps4j_test_altstack_thread(void)
{
	return start(altstack_main, STACK_SIZE, &altstack_tid);
}

int64_t caps4j_test_altstack_left(void)
{
	return atomic_load(&altstack_left);
}

int32_t caps4j_test_plain_thread(void)
{
	return start(plain_main, 0, &plain_tid);
}
