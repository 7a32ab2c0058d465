/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * spawn.c - caps4j_spawn and its companions: start a child whose credentials are set between
 * clone and exec, so no thread of the caller ever changes (see caps4j.h and spawn_child.c).
 *
 * The caller's part runs as ordinary code: it may allocate, it opens every file and pipe with
 * the caller's credentials (as the JDK does for ProcessBuilder redirects), and it cleans up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "executor.h"
#include "spawn.h"
#include "syscalls.h"

#ifndef P_PIDFD
#define P_PIDFD 3 /* waitid by pidfd, Linux 5.4; glibc < 2.36 lacks the name */
#endif

/*
 * The child's stack, inside this frame: the caller is suspended until the child executes, so
 * the child may use it (glibc's vfork shares the whole stack). The child needs about 10 KiB
 * (a PATH_MAX buffer, a getdents buffer, the read-back state).
 */
#define C4J_CHILD_STACK 32768

/* The strings after argv and envp. */
struct c4j_strings {
	const char *directory;
	const char *search;
	const char *paths[3];
};

/* Points argv/envp at the strings; every one must end inside `length`, and all of it used. */
static int32_t split_strings(const char *strings, int32_t length, int32_t argc, int32_t envc,
		struct c4j_spawn *spawn, struct c4j_strings *out)
{
	const char *rest[5];
	int32_t total = argc + envc + 5, offset = 0;

	for (int32_t i = 0; i < total; i++) {
		if (offset >= length)
			return -EINVAL;
		const char *string = strings + offset;
		const char *end = memchr(string, '\0', (size_t)(length - offset));
		if (!end)
			return -EINVAL;
		if (i < argc)
			spawn->argv[i] = (char *)string;
		else if (i < argc + envc)
			spawn->envp[i - argc] = (char *)string;
		else
			rest[i - argc - envc] = string;
		offset = (int32_t)(end - strings) + 1;
	}
	if (offset != length || spawn->argv[0][0] == '\0')
		return -EINVAL;
	spawn->argv[argc] = NULL;
	spawn->envp[envc] = NULL;
	for (int32_t i = 1; i < argc; i++)
		spawn->shell_argv[i + 1] = spawn->argv[i];
	spawn->shell_argv[argc + 1] = NULL;
	out->directory = rest[0];
	out->search = rest[1];
	for (int i = 0; i < 3; i++)
		out->paths[i] = rest[2 + i];
	return 0;
}

static int32_t open_file(const char *path, int flags)
{
	long fd = syscall(SYS_openat, AT_FDCWD, path, flags | O_CLOEXEC, 0666);
	return fd < 0 ? c4j_neg_errno() : (int32_t)fd;
}

/* Opens what slot `slot` gives the child into child_fds[slot] (-1: inherited). 0 or -errno. */
static int32_t open_slot(int slot, int32_t kind, int32_t fd, const char *path,
		int32_t *child_fds)
{
	switch (kind) {
	case CAPS4J_STDIO_FD:
		if (fd < 0)
			return -EBADF;
		child_fds[slot] = fd;
		return 0;
	case CAPS4J_STDIO_INHERIT:
		return 0;
	case CAPS4J_STDIO_READ:
		fd = open_file(path, O_RDONLY);
		break;
	case CAPS4J_STDIO_WRITE:
		fd = open_file(path, O_WRONLY | O_CREAT | O_TRUNC);
		break;
	case CAPS4J_STDIO_APPEND:
		fd = open_file(path, O_WRONLY | O_CREAT | O_APPEND);
		break;
	case CAPS4J_STDIO_STDOUT:
		if (slot != 2)
			return -EINVAL;
		child_fds[2] = child_fds[1];
		return 0;
	default:
		return -EINVAL;
	}
	if (fd < 0)
		return fd;
	child_fds[slot] = fd;
	return 0;
}

/* Closes the files open_slot opened (descriptors the caller passed stay the caller's). */
static void close_opened(const int32_t *child_fds, const int32_t *stdio)
{
	for (int i = 0; i < 3; i++)
		if (child_fds[i] >= 0 && stdio[i] >= CAPS4J_STDIO_READ
				&& stdio[i] <= CAPS4J_STDIO_APPEND)
			(void)syscall(SYS_close, child_fds[i]);
}

/* clone with a pidfd, or without one on a kernel older than 5.2. */
static int32_t clone_child(struct c4j_spawn *spawn, char *stack_top, int32_t *pidfd)
{
	int flags = CLONE_VM | CLONE_VFORK | SIGCHLD;
	int fd = -1;

	int pid = clone(c4j_spawn_child, stack_top, flags | CLONE_PIDFD, spawn, &fd);
	if (pid < 0 && errno == EINVAL) {
		fd = -1;
		pid = clone(c4j_spawn_child, stack_top, flags, spawn);
	}
	*pidfd = fd;
	return pid < 0 ? c4j_neg_errno() : pid;
}

static int32_t fail(struct caps4j_child *child, int32_t stage, int32_t detail, int32_t rc)
{
	child->stage = stage;
	child->detail = detail;
	return rc;
}

/* Clones the prepared child with every signal blocked; 0 once it executed, else -errno. */
static int32_t run_child(struct c4j_spawn *spawn, struct caps4j_child *child)
{
	char stack[C4J_CHILD_STACK] __attribute__((aligned(16)));
	uint64_t all = ~UINT64_C(0);

	/* Raw, so glibc's internal signals are blocked too: no handler may run in the child. */
	(void)syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &spawn->caller_mask, sizeof all);
	int32_t pid = clone_child(spawn, stack + sizeof stack, &child->pidfd);
	(void)syscall(SYS_rt_sigprocmask, SIG_SETMASK, &spawn->caller_mask, NULL, sizeof all);
	if (pid < 0)
		return fail(child, CAPS4J_SPAWN_CLONE, 0, pid);
	child->pid = pid;
	if (spawn->stage == 0)
		return 0;
	(void)caps4j_wait_child(pid, child->pidfd); /* reap the child that failed */
	if (child->pidfd >= 0)
		(void)syscall(SYS_close, child->pidfd);
	child->pidfd = -1;
	return fail(child, spawn->stage, spawn->detail, -spawn->err);
}

int32_t caps4j_spawn(const struct caps4j_transaction *txn, const char *strings,
		int32_t length, int32_t argc, int32_t envc, const int32_t stdio[3],
		const int32_t stdio_fds[3], struct caps4j_child *child)
{
	if (!child)
		return -EINVAL;
	*child = (struct caps4j_child){ .pid = -1, .pidfd = -1 };
	if (!strings || !stdio || !stdio_fds || length <= 0 || argc < 1 || envc < 0
			|| argc > 1 << 20 || envc > 1 << 20)
		return fail(child, CAPS4J_SPAWN_ARGUMENTS, 0, -EINVAL);
	if (txn) {
		int32_t rc = c4j_check_transaction(txn);
		if (rc < 0)
			return fail(child, CAPS4J_SPAWN_ARGUMENTS, 0, rc);
	}
	/* argv: argc + 1 entries, shell_argv: argc + 2, envp: envc + 1. */
	char **pointers = malloc(sizeof(char *) * ((size_t)argc * 2 + (size_t)envc + 4));
	if (!pointers)
		return fail(child, CAPS4J_SPAWN_ARGUMENTS, 0, -ENOMEM);
	struct c4j_spawn spawn = {
		.txn = txn,
		.argv = pointers,
		.shell_argv = pointers + argc + 1,
		.envp = pointers + 2 * argc + 3,
		.child_fds = { -1, -1, -1 },
	};
	struct c4j_strings rest;
	int32_t rc = split_strings(strings, length, argc, envc, &spawn, &rest);
	if (rc < 0) {
		free(pointers);
		return fail(child, CAPS4J_SPAWN_ARGUMENTS, 0, rc);
	}
	spawn.directory = rest.directory[0] ? rest.directory : NULL;
	spawn.search = rest.search;
	for (int slot = 0; slot < 3 && rc == 0; slot++) {
		rc = open_slot(slot, stdio[slot], stdio_fds[slot], rest.paths[slot], spawn.child_fds);
		if (rc < 0)
			fail(child, CAPS4J_SPAWN_OPEN, slot, rc);
	}
	if (rc == 0)
		rc = run_child(&spawn, child);
	close_opened(spawn.child_fds, stdio);
	free(pointers);
	return rc;
}

int32_t caps4j_wait_child(int32_t pid, int32_t pidfd)
{
	siginfo_t info;

	for (;;) {
		memset(&info, 0, sizeof info);
		long rc = pidfd >= 0 ? syscall(SYS_waitid, P_PIDFD, pidfd, &info, WEXITED, NULL)
				: syscall(SYS_waitid, P_PID, pid, &info, WEXITED, NULL);
		if (rc == 0)
			break;
		if (errno != EINTR)
			return c4j_neg_errno();
	}
	return info.si_code == CLD_EXITED ? info.si_status : 0x80 + info.si_status;
}

int32_t caps4j_signal_child(int32_t pid, int32_t pidfd, int32_t signal)
{
	long rc = pidfd >= 0 ? syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0U)
			: syscall(SYS_kill, pid, signal);
	return rc == 0 ? 0 : c4j_neg_errno();
}

int32_t caps4j_pipe(int32_t fds[2])
{
	int pipe_fds[2];

	if (!fds)
		return -EINVAL;
	if (syscall(SYS_pipe2, pipe_fds, O_CLOEXEC) != 0)
		return c4j_neg_errno();
	fds[0] = pipe_fds[0];
	fds[1] = pipe_fds[1];
	return 0;
}

int32_t caps4j_close(int32_t fd)
{
	return syscall(SYS_close, fd) == 0 ? 0 : c4j_neg_errno();
}
