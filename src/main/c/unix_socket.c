/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * unix_socket.c - the AF_UNIX stream sockets of the helper transport (org.caps4j.helper):
 * listen on a path (never unlinking anything), accept with the kernel's peer credentials,
 * read and write with a timeout. Every descriptor is close-on-exec.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include "caps4j.h"
#include "syscalls.h"

/* Linux 6.5; older uapi headers do not name it. An older kernel answers ENOPROTOOPT. */
#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77
#endif

int32_t caps4j_unix_listen(const char *path, int32_t mode, int32_t gid, int32_t backlog)
{
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	size_t length = path ? strlen(path) : 0;

	if (length == 0 || length >= sizeof address.sun_path || mode < 0 || mode > 07777)
		return -EINVAL;
	memcpy(address.sun_path, path, length + 1);
	int fd = (int)syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return c4j_neg_errno();
	/*
	 * bind(2) creates the socket file like mknod: if anything already exists at the path (a
	 * stale socket, a symlink, even a dangling one) it fails with EADDRINUSE and follows
	 * nothing. We never unlink: whoever put a file there, the admin decides what happens to it.
	 */
	int32_t rc = 0;
	if (syscall(SYS_bind, fd, &address, (socklen_t)(offsetof(struct sockaddr_un, sun_path)
			+ length + 1)) != 0) {
		rc = c4j_neg_errno();
		goto out;
	}
	/*
	 * The file was created with 0777 & ~umask. Its owner, group and mode are set by path before
	 * listen(2): until then a connect is refused whatever the mode, so nobody can get in through
	 * the umask's mode. Not umask(2) around bind: the umask is process-wide and would change the
	 * files every other thread creates meanwhile. By path is safe because the caller checked
	 * that nobody but root and us can write the directory, so nobody can swap the file.
	 */
	if (gid >= 0 && syscall(SYS_fchownat, AT_FDCWD, path, -1, gid, AT_SYMLINK_NOFOLLOW) != 0) {
		rc = c4j_neg_errno();
		goto out;
	}
	if (syscall(SYS_fchmodat, AT_FDCWD, path, mode) != 0) {
		rc = c4j_neg_errno();
		goto out;
	}
	if (syscall(SYS_listen, fd, backlog) != 0)
		rc = c4j_neg_errno();
out:
	if (rc < 0) {
		syscall(SYS_close, fd);
		return rc;
	}
	return fd;
}

int32_t caps4j_unix_check_listening(int32_t fd)
{
	int value = 0;
	socklen_t size = sizeof value;

	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_DOMAIN, &value, &size) != 0)
		return c4j_neg_errno();
	if (value != AF_UNIX)
		return -EAFNOSUPPORT;
	size = sizeof value;
	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, &value, &size) != 0)
		return c4j_neg_errno();
	if (value != SOCK_STREAM)
		return -EPROTOTYPE;
	size = sizeof value;
	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &size) != 0)
		return c4j_neg_errno();
	return value ? 0 : -EINVAL;
}

/* Milliseconds of CLOCK_MONOTONIC. */
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for `events` on fd: 0 when ready, -ETIMEDOUT, or -errno. EINTR waits the rest. */
static int32_t wait_for(int fd, short events, int32_t timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;

	for (;;) {
		struct pollfd entry = { .fd = fd, .events = events };
		int64_t left = deadline - now_ms();
		int rc = poll(&entry, 1, left < 0 ? 0 : (int)left);
		if (rc > 0)
			return 0; /* ready, or POLLHUP/POLLERR: the read or write says which */
		if (rc == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return c4j_neg_errno();
	}
}

/* The peer's pidfd: SO_PEERPIDFD, else pidfd_open. kind: 1, 2, or 0 (none, pidfd -1). */
static int32_t peer_pidfd(int fd, int32_t pid, int32_t *kind)
{
	int pidfd = -1;
	socklen_t size = sizeof pidfd;

	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &size) == 0
			&& pidfd >= 0) {
		*kind = CAPS4J_PIDFD_PEER;
		return pidfd;
	}
	/*
	 * Before Linux 6.5: a pidfd for the pid SO_PEERCRED gave, opened now. Weaker, because the
	 * connecting process may already have exited and its pid been reused between connect and
	 * here; then this pidfd names the newcomer. SO_PEERPIDFD is the kernel's reference to the
	 * connecting process itself and cannot be confused.
	 */
	if (pid > 0) {
		pidfd = (int)syscall(SYS_pidfd_open, pid, 0U);
		if (pidfd >= 0) {
			*kind = CAPS4J_PIDFD_OPENED;
			return pidfd;
		}
	}
	*kind = CAPS4J_PIDFD_NONE;
	return -1;
}

int32_t caps4j_unix_accept(int32_t listen_fd, int32_t timeout_ms, struct caps4j_peer *peer,
		int32_t group_capacity)
{
	if (!peer || group_capacity < 0)
		return -EINVAL;
	int32_t rc = wait_for(listen_fd, POLLIN, timeout_ms);
	if (rc < 0)
		return rc;
	int fd = (int)syscall(SYS_accept4, listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return c4j_neg_errno();
	struct ucred cred;
	socklen_t size = sizeof cred;
	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) != 0) {
		rc = c4j_neg_errno();
		goto fail;
	}
	/* SO_PEERGROUPS: ERANGE (size set to what is needed) when the buffer is too small. */
	size = (socklen_t)(group_capacity * sizeof(uint32_t));
	if (syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_PEERGROUPS, peer->groups, &size) != 0) {
		rc = errno == ERANGE ? -E2BIG : c4j_neg_errno();
		goto fail;
	}
	peer->fd = fd;
	peer->pid = cred.pid;
	peer->uid = (int32_t)cred.uid;
	peer->gid = (int32_t)cred.gid;
	peer->group_count = (int32_t)(size / sizeof(uint32_t));
	peer->pidfd = peer_pidfd(fd, cred.pid, &peer->pidfd_kind);
	peer->reserved = 0;
	return fd;
fail:
	syscall(SYS_close, fd);
	return rc;
}

int32_t caps4j_unix_read(int32_t fd, uint8_t *buf, int32_t capacity, int32_t timeout_ms)
{
	if (!buf || capacity <= 0)
		return -EINVAL;
	int32_t rc = wait_for(fd, POLLIN, timeout_ms);
	if (rc < 0)
		return rc;
	for (;;) {
		long n = syscall(SYS_recvfrom, fd, buf, (size_t)capacity, MSG_DONTWAIT, NULL, NULL);
		if (n >= 0)
			return (int32_t)n;
		if (errno != EINTR)
			return c4j_neg_errno();
	}
}

int32_t caps4j_unix_write(int32_t fd, const uint8_t *buf, int32_t length, int32_t timeout_ms)
{
	if (!buf || length < 0)
		return -EINVAL;
	int32_t rc = wait_for(fd, POLLOUT, timeout_ms);
	if (rc < 0)
		return rc;
	for (;;) {
		/* MSG_NOSIGNAL: a client that went away is an EPIPE here, never a SIGPIPE. */
		long n = syscall(SYS_sendto, fd, buf, (size_t)length, MSG_DONTWAIT | MSG_NOSIGNAL,
				NULL, 0);
		if (n >= 0)
			return (int32_t)n;
		if (errno != EINTR)
			return c4j_neg_errno();
	}
}

int32_t caps4j_unix_shutdown(int32_t fd)
{
	return syscall(SYS_shutdown, fd, SHUT_RDWR) == 0 ? 0 : c4j_neg_errno();
}
