/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/* futex.h - the futex waits and the clock the broadcast uses (internal, raw syscalls only). */
#ifndef CAPS4J_FUTEX_H
#define CAPS4J_FUTEX_H

#include <linux/futex.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Sleeps while *word == expected, at most `nanos` (0 = no limit). Async-signal-safe. */
static inline void futex_wait(_Atomic uint32_t *word, uint32_t expected, long nanos)
{
	struct timespec timeout = { nanos / 1000000000L, nanos % 1000000000L };
	(void)syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, nanos > 0 ? &timeout : NULL,
			NULL, 0);
}

static inline void futex_wake_all(_Atomic uint32_t *word)
{
	(void)syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
}

/* CLOCK_MONOTONIC in nanoseconds (vDSO; used by the caller only, never in the handler). */
static inline int64_t now_nanos(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000L + ts.tv_nsec;
}

#endif
