/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * syscalls.h - the raw system call helpers every file of the shim shares (internal).
 *
 * Raw syscall(2) only: the signal handler runs these, glibc's wrappers may broadcast (set*id)
 * or be variadic (prctl), and errno is turned into a negative return value in exactly one place.
 */
#ifndef CAPS4J_SYSCALLS_H
#define CAPS4J_SYSCALLS_H

#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

/* -errno of the system call that just failed (-EIO if errno was not set). */
static inline int32_t c4j_neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* prctl(2) with fixed arguments: its value (>= 0), or -errno. */
static inline long c4j_prctl(int option, unsigned long a2, unsigned long a3)
{
	long value = syscall(SYS_prctl, option, a2, a3, 0UL, 0UL);
	return value < 0 ? c4j_neg_errno() : value;
}

/* The calling thread's kernel id. */
static inline int32_t c4j_gettid(void)
{
	return (int32_t)syscall(SYS_gettid);
}

#endif
