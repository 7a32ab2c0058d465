/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * file_caps.c - the security.capability xattr of one regular file, pinned by a file descriptor.
 *
 * The path is opened once with O_PATH|O_NOFOLLOW and checked with fstat(2); the xattr call then
 * goes to that inode through /proc/self/fd/N, never through the path again, so a path swapped
 * after the check (a symlink or another file put in its place) cannot be read or changed
 * instead. O_PATH opens nothing for I/O: a FIFO cannot block, a device node is never opened,
 * and reading the caps of a file we may not read works (as getxattr(2) does for getcap).
 * Without /proc, the file is reopened O_RDONLY|O_NOFOLLOW|O_NONBLOCK and must be the same inode.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "caps4j.h"

static const char XATTR_NAME[] = "security.capability";

enum xattr_op { GET, SET, REMOVE };

/* Opens and checks `path`; returns an O_PATH fd, or -errno (-ELOOP for a symlink, -EINVAL for
 * any other non-regular file; *file_type tells which). */
static int pin(const char *path, struct stat *st, uint32_t *file_type)
{
	*file_type = 0;
	int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) != 0) {
		int err = errno;
		close(fd);
		return -err;
	}
	*file_type = (uint32_t)(st->st_mode & S_IFMT);
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return S_ISLNK(st->st_mode) ? -ELOOP : -EINVAL;
	}
	return fd;
}

static ssize_t by_path(enum xattr_op op, const char *p, void *buf, size_t len)
{
	switch (op) {
	case GET:
		return getxattr(p, XATTR_NAME, buf, len);
	case SET:
		return setxattr(p, XATTR_NAME, buf, len, 0) == 0 ? 0 : -1;
	default:
		return removexattr(p, XATTR_NAME) == 0 ? 0 : -1;
	}
}

static ssize_t by_fd(enum xattr_op op, int fd, void *buf, size_t len)
{
	switch (op) {
	case GET:
		return fgetxattr(fd, XATTR_NAME, buf, len);
	case SET:
		return fsetxattr(fd, XATTR_NAME, buf, len, 0) == 0 ? 0 : -1;
	default:
		return fremovexattr(fd, XATTR_NAME) == 0 ? 0 : -1;
	}
}

/* The fallback without /proc: a real fd on the same inode, or -errno (-ESTALE if it changed). */
static int reopen(const char *path, const struct stat *pinned)
{
	struct stat now;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &now) != 0 || now.st_dev != pinned->st_dev || now.st_ino != pinned->st_ino) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

static int32_t xattr_op(enum xattr_op op, const char *path, void *buf, int32_t len,
		uint32_t *file_type)
{
	struct stat st;
	char proc[40];
	if (path == NULL || file_type == NULL || len < 0 || (len > 0 && buf == NULL))
		return -EINVAL;
	int fd = pin(path, &st, file_type);
	if (fd < 0)
		return fd;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	ssize_t r = by_path(op, proc, buf, (size_t)len);
	int err = r < 0 ? errno : 0;
	if (r < 0 && err == ENOENT && access("/proc/self/fd", F_OK) != 0) {
		int real = reopen(path, &st);
		if (real < 0) {
			close(fd);
			return real;
		}
		r = by_fd(op, real, buf, (size_t)len);
		err = r < 0 ? errno : 0;
		close(real);
	}
	close(fd);
	return r < 0 ? -err : (int32_t)r;
}

int32_t caps4j_file_caps_get(const char *path, uint8_t *buf, int32_t capacity,
		uint32_t *file_type)
{
	if (buf == NULL || capacity <= 0)
		return -EINVAL;
	return xattr_op(GET, path, buf, capacity, file_type);
}

int32_t caps4j_file_caps_set(const char *path, const uint8_t *value, int32_t length,
		uint32_t *file_type)
{
	if (value == NULL || length <= 0)
		return -EINVAL;
	return xattr_op(SET, path, (void *)value, length, file_type);
}

int32_t caps4j_file_caps_remove(const char *path, uint32_t *file_type)
{
	return xattr_op(REMOVE, path, NULL, 0, file_type);
}
