/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * task_scan.c - enumerate the tasks (threads) of this process from /proc/self/task.
 *
 * The broadcast scans while signalled threads run our signal handler, so a scan must not
 * allocate or take a lock another thread could hold: raw open/getdents64/close with the
 * caller's buffer, and a hand-written decimal parser. (caps4j_list_tasks, called from Java
 * outside any broadcast, maps its buffer.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "executor.h"
#include "syscalls.h"

/* The kernel's struct linux_dirent64. */
struct c4j_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int32_t parse_tid(const char *name)
{
	int64_t value = 0;

	if (*name == '\0')
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9')
			return -1;
		value = value * 10 + (*name - '0');
		if (value > INT32_MAX)
			return -1;
	}
	return (int32_t)value;
}

int32_t c4j_open_tasks(void)
{
	long fd = syscall(SYS_openat, AT_FDCWD, "/proc/self/task",
			O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? c4j_neg_errno() : (int32_t)fd;
}

void c4j_close_tasks(int32_t fd)
{
	(void)syscall(SYS_close, fd);
}

/* The largest entry of a task directory: the 19-byte header, 10 digits and a NUL, 8-aligned. */
#define C4J_MAX_TASK_DIRENT 32

/*
 * Reads the next batch of entries with every signal blocked that can be blocked and is not
 * raised by a fault: the kernel stops filling the buffer early when the reader has a signal
 * pending, and a listing cut short that way would look like the end of the directory.
 */
static long read_entries(int32_t fd, char *buffer, long size)
{
	uint64_t block = ~(uint64_t)0, saved;
	const int faults[] = { SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV, SIGSYS };
	for (unsigned i = 0; i < sizeof faults / sizeof faults[0]; i++)
		block &= ~((uint64_t)1 << (faults[i] - 1));
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &block, &saved, sizeof block) != 0)
		return c4j_neg_errno();
	long n = syscall(SYS_getdents64, (int)fd, buffer, size);
	int32_t err = n < 0 ? c4j_neg_errno() : 0;
	(void)syscall(SYS_rt_sigprocmask, SIG_SETMASK, &saved, NULL, sizeof saved);
	return n < 0 ? err : n;
}

/*
 * How a listing of /proc/self/task can miss a live task: the kernel walks the thread list,
 * and the walk ends early where it meets a task that has exited: either the task it just
 * listed exits before the kernel steps past it, or the next task has exited by the time the
 * kernel looks at it (it is skipped, not listed, but still counted in the directory position).
 * The next read restarts by position and skips a live task for every task that exited. So a
 * listing is proven complete when
 *   - one read returned every entry with room to spare (neither a full buffer nor, with
 *     signals blocked, a pending signal ended it) and the next returned nothing;
 *   - the position after that read is just past the tasks it listed (2 for "." and "..",
 *     then one per task): no exited task was skipped at the end of the walk;
 *   - the last task listed is still alive afterwards: the walk did not end at it.
 * Then the walk ended at the real end of the list (bench/experiments/task_listing_walk.c
 * measures both ways of missing a task). Not detected: a stop (SIGSTOP, the freezer, a
 * debugger attaching) that cuts the read short, after which the next task and a listed one
 * both exit before the second read.
 */
int32_t c4j_scan_listing(int32_t fd, char *buffer, long size,
		int32_t (*visit)(int32_t tid, void *ctx), void *ctx, int32_t *complete)
{
	int32_t result = 0, reads = 0, last = 0, listed = 0, room_left = 0;
	int64_t end_position = -1;

	if (complete)
		*complete = 0;
	if (syscall(SYS_lseek, fd, 0L, SEEK_SET) < 0) /* each scan reads the list afresh */
		return c4j_neg_errno();
	for (;;) {
		long n = read_entries(fd, buffer, size);
		if (n <= 0) {
			result = (int32_t)n;
			break;
		}
		reads++;
		room_left = n <= size - C4J_MAX_TASK_DIRENT;
		for (long offset = 0; offset < n && result == 0;) {
			const struct c4j_dirent64 *entry = (const void *)(buffer + offset);
			int32_t tid = parse_tid(entry->d_name);
			end_position = entry->d_off; /* the last entry's: the position after the read */
			if (tid > 0) {
				last = tid;
				listed++;
				result = visit(tid, ctx);
			}
			offset += entry->d_reclen;
		}
		if (result != 0)
			break;
	}
	if (complete && result == 0 && reads == 1 && room_left && last > 0
			&& end_position == 2 + (int64_t)listed)
		*complete = syscall(SYS_tgkill, (int)syscall(SYS_getpid), last, 0) == 0;
	return result;
}

int32_t c4j_scan_tasks(int32_t fd, int32_t (*visit)(int32_t tid, void *ctx), void *ctx)
{
	char buffer[4096] __attribute__((aligned(8)));
	return c4j_scan_listing(fd, buffer, sizeof buffer, visit, ctx, NULL);
}

struct c4j_list {
	int32_t *out;
	int32_t capacity;
	int32_t count;
};

static int32_t collect(int32_t tid, void *ctx)
{
	struct c4j_list *list = ctx;
	if (list->count < list->capacity)
		list->out[list->count] = tid;
	list->count++;
	return 0;
}

/* Listings tried before caps4j_list_tasks gives up on proving one complete. */
#define C4J_LIST_ATTEMPTS 64

int32_t caps4j_list_tasks(int32_t *out, int32_t capacity)
{
	if (!out || capacity < 0 || capacity > CAPS4J_MAX_TASKS)
		return -EINVAL;
	/* Room for `capacity` entries, the dots and one more: a read that fills it means more
	 * tasks than fit (never proven complete, and reported as -E2BIG). On the stack, or mapped
	 * when large, never malloc'd: the JVM may call this as a critical downcall, which should
	 * take no lock of libc's. */
	long size = ((long)capacity + 3) * C4J_MAX_TASK_DIRENT;
	char on_stack[16384] __attribute__((aligned(8)));
	char *buffer = on_stack;
	if (size > (long)sizeof on_stack) {
		buffer = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (buffer == MAP_FAILED)
			return c4j_neg_errno();
	}
	int32_t fd = c4j_open_tasks();
	int32_t rc = fd;
	struct c4j_list list = { out, capacity, 0 };
	for (int attempt = 0; fd >= 0 && attempt < C4J_LIST_ATTEMPTS; attempt++) {
		int32_t complete;
		list.count = 0;
		rc = c4j_scan_listing(fd, buffer, size, collect, &list, &complete);
		if (rc < 0 || list.count > capacity)
			break;
		rc = complete ? list.count : -EAGAIN;
		if (complete)
			break;
	}
	if (fd >= 0)
		c4j_close_tasks(fd);
	if (buffer != on_stack)
		(void)munmap(buffer, (size_t)size);
	return rc >= 0 && list.count > capacity ? -E2BIG : rc;
}

/* Appends the decimal digits of `value` at `out`; returns the position after them. */
static char *append_decimal(char *out, int32_t value)
{
	char digits[12];
	int count = 0;

	do {
		digits[count++] = (char)('0' + value % 10);
		value /= 10;
	} while (value > 0);
	while (count > 0)
		*out++ = digits[--count];
	return out;
}

static char *append(char *out, const char *text)
{
	while (*text)
		*out++ = *text++;
	return out;
}

int32_t c4j_task_is_dead(int32_t tgid, int32_t tid)
{
	char path[64];
	char stat[256];
	char *end = path;

	if (syscall(SYS_tgkill, tgid, tid, 0) < 0 && errno == ESRCH)
		return 1;
	end = append(end, "/proc/self/task/");
	end = append_decimal(end, tid);
	end = append(end, "/stat");
	*end = '\0';
	long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ESRCH;
	long n = syscall(SYS_read, (int)fd, stat, sizeof stat - 1);
	(void)syscall(SYS_close, (int)fd);
	if (n <= 0)
		return n == 0 || errno == ESRCH;
	stat[n] = '\0';
	/* "tid (comm) S ...": the state follows the last ')' (comm may contain ')'). */
	const char *close_paren = NULL;
	for (const char *p = stat; *p; p++)
		if (*p == ')')
			close_paren = p;
	if (!close_paren || close_paren[1] != ' ')
		return 0;
	return close_paren[2] == 'Z' || close_paren[2] == 'X' || close_paren[2] == 'x';
}
