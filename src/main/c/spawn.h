/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * spawn.h - what the caller of caps4j_spawn prepares and the clone child reads and reports
 * (internal). The child shares the caller's memory (CLONE_VM) and the caller is suspended
 * until the child executes or exits (CLONE_VFORK), so the child reports a failure by writing
 * `stage`, `detail` and `err` here, as glibc's posix_spawn does, instead of through a pipe.
 */
#ifndef CAPS4J_SPAWN_H
#define CAPS4J_SPAWN_H

#include <signal.h>
#include <stdint.h>

#include "caps4j.h"

struct c4j_spawn {
	/* Prepared by the caller; read-only for the child. */
	const struct caps4j_transaction *txn; /* NULL: credentials unchanged */
	char **argv;           /* argc + 1 entries, NULL-terminated */
	char **shell_argv;     /* argc + 2 entries: room for "/bin/sh" + path + argv[1..] */
	char **envp;           /* envc + 1 entries, NULL-terminated */
	const char *directory; /* NULL: the caller's */
	const char *search;    /* PATH for a program without '/' */
	int32_t child_fds[3];  /* what becomes 0, 1, 2; -1 = leave as inherited */
	uint64_t caller_mask;  /* the caller's signal mask, restored before execve */

	/* Written by the child if it fails (the caller reads them after clone returns). */
	volatile int32_t stage;
	volatile int32_t detail;
	volatile int32_t err;
};

/* spawn_child.c: the clone child's whole life; returns only by exit_group or execve. */
int c4j_spawn_child(void *spawn);

#endif
