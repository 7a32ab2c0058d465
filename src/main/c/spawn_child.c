/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * spawn_child.c - the child of caps4j_spawn, from clone to execve.
 *
 * It runs on a stack inside the suspended caller's frame and shares every page with the JVM,
 * so it is async-signal-safe throughout: raw system calls, no allocation, no locks, nothing
 * written but its own stack and the c4j_spawn report. All signals are blocked from before the
 * clone until every disposition is back to SIG_DFL, so no JVM handler can run in it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "executor.h"
#include "signal_install.h"
#include "spawn.h"
#include "syscalls.h"

/* Reports where the child failed and ends it; the caller reaps it. */
static _Noreturn void fail(struct c4j_spawn *spawn, int32_t stage, int32_t detail, int32_t err)
{
	spawn->stage = stage;
	spawn->detail = detail;
	spawn->err = err;
	for (;;)
		(void)syscall(SYS_exit_group, 127);
}

/* The ops, then a read-back of every target field: the child runs only on confirmed state. */
static void apply_credentials(struct c4j_spawn *spawn)
{
	const struct caps4j_transaction *txn = spawn->txn;
	int32_t step, securebits;

	if (!txn)
		return;
	int32_t rc = c4j_run_ops(txn, &step);
	if (rc < 0)
		fail(spawn, CAPS4J_SPAWN_CREDENTIALS, step, -rc);
	uint32_t differ = c4j_mismatched(txn, txn->fields, &securebits);
	if (differ)
		fail(spawn, CAPS4J_SPAWN_VERIFY, (int32_t)differ, ENOTRECOVERABLE);
}

/*
 * Makes child_fds[i] descriptor i. A source below 3 that belongs to another slot is moved up
 * first, so no dup2 overwrites a source still needed.
 */
static void set_stdio(struct c4j_spawn *spawn)
{
	int32_t *fds = spawn->child_fds;

	for (int i = 0; i < 3; i++) {
		if (fds[i] >= 0 && fds[i] < 3 && fds[i] != i) {
			long moved = syscall(SYS_fcntl, fds[i], F_DUPFD_CLOEXEC, 3);
			if (moved < 0)
				fail(spawn, CAPS4J_SPAWN_STDIO, i, -c4j_neg_errno());
			for (int j = i + 1; j < 3; j++)
				if (fds[j] == fds[i])
					fds[j] = (int32_t)moved;
			fds[i] = (int32_t)moved;
		}
	}
	for (int i = 0; i < 3; i++) {
		long rc = 0;
		if (fds[i] == i)
			rc = syscall(SYS_fcntl, i, F_SETFD, 0); /* the pipe got this number: keep it */
		else if (fds[i] >= 0)
			rc = syscall(SYS_dup3, fds[i], i, 0); /* arm64 has no dup2 */
		if (rc < 0)
			fail(spawn, CAPS4J_SPAWN_STDIO, i, -c4j_neg_errno());
	}
}

static int32_t mark_close_on_exec(int32_t fd, void *directory)
{
	if (fd > 2 && fd != *(int32_t *)directory)
		(void)syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
	return 0;
}

/*
 * Every descriptor above 2 closes at execve: close_range (Linux 5.11) in one call, else each
 * one listed in /proc/self/fd. The JDK's own children get the same.
 */
static void close_other_fds(struct c4j_spawn *spawn)
{
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return;
	long directory = syscall(SYS_openat, AT_FDCWD, "/proc/self/fd",
			O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (directory < 0)
		fail(spawn, CAPS4J_SPAWN_CLOSE_FDS, 0, -c4j_neg_errno());
	int32_t self = (int32_t)directory;
	int32_t rc = c4j_scan_tasks(self, mark_close_on_exec, &self); /* numeric names, as tids */
	if (rc < 0)
		fail(spawn, CAPS4J_SPAWN_CLOSE_FDS, 0, -rc);
}

/* execve, and /bin/sh for a file the kernel does not recognise (as the JDK and execvp do). */
static int32_t exec_file(struct c4j_spawn *spawn, const char *path)
{
	(void)syscall(SYS_execve, path, spawn->argv, spawn->envp);
	int32_t err = errno;
	if (err == ENOEXEC) {
		spawn->shell_argv[0] = "/bin/sh";
		spawn->shell_argv[1] = (char *)path;
		(void)syscall(SYS_execve, "/bin/sh", spawn->shell_argv, spawn->envp);
	}
	return err;
}

/*
 * The JDK's search: each entry of the JVM's PATH in order ("" is the current directory);
 * EACCES is remembered and the search goes on; a missing entry goes on; any other error stops
 * it. The result is EACCES if any entry gave it, else the last error.
 */
static int32_t exec_searching(struct c4j_spawn *spawn)
{
	const char *file = spawn->argv[0];
	size_t file_length = strlen(file);
	char path[PATH_MAX];
	int32_t err = ENOENT, saw_eacces = 0;

	for (const char *entry = spawn->search;;) {
		const char *end = strchrnul(entry, ':');
		size_t length = (size_t)(end - entry);
		if (length + 1 + file_length + 1 <= sizeof path) {
			memcpy(path, entry, length);
			if (length > 0)
				path[length++] = '/';
			memcpy(path + length, file, file_length + 1);
			err = exec_file(spawn, path);
			if (err == EACCES)
				saw_eacces = 1;
			else if (err != ENOENT && err != ENOTDIR && err != ESTALE && err != ENODEV
					&& err != ETIMEDOUT && err != ELOOP && err != ENAMETOOLONG)
				return err;
		}
		if (*end == '\0')
			break;
		entry = end + 1;
	}
	return saw_eacces ? EACCES : err;
}

int c4j_spawn_child(void *argument)
{
	struct c4j_spawn *spawn = argument;

	c4j_default_all_signals();
	apply_credentials(spawn);
	set_stdio(spawn);
	if (spawn->directory && syscall(SYS_chdir, spawn->directory) != 0)
		fail(spawn, CAPS4J_SPAWN_DIRECTORY, 0, -c4j_neg_errno());
	close_other_fds(spawn);
	(void)syscall(SYS_rt_sigprocmask, SIG_SETMASK, &spawn->caller_mask, NULL,
			sizeof spawn->caller_mask);
	int32_t err = strchr(spawn->argv[0], '/') ? exec_file(spawn, spawn->argv[0])
			: exec_searching(spawn);
	fail(spawn, CAPS4J_SPAWN_EXEC, 0, err);
}
