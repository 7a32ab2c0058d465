/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * task_listing_walk.c - when does one read of /proc/self/task miss a live thread?
 *
 * The experiment behind the shim's completeness test of a listing (src/main/c/task_scan.c).
 * Four threads keep a dozen threads each alive for 0-3 ms at a time; the main thread lists
 * /proc/self/task over and over, the way the shim does (one 64 KiB read with signals blocked,
 * then a second read), and for each listing records
 *   - whether the last task listed is still alive afterwards (tgkill 0),
 *   - whether the position after the read is just past the tasks listed (2 + count),
 *   - whether the second read was empty,
 *   - and whether a thread that was alive before and after the listing is missing from it.
 *
 *   gcc -O2 -pthread -o /tmp/task_listing_walk bench/experiments/task_listing_walk.c
 *   /tmp/task_listing_walk 20        # seconds; results: bench/results/task-listing-*.txt
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 4096
#define CHURNERS 4
#define RUNNING_PER_CHURNER 12

struct dirent64_raw {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Tids of threads that have started and not begun to exit (0 = free slot). */
static _Atomic int alive[SLOTS];
static _Atomic int stop;

static int gettid_raw(void)
{
	return (int)syscall(SYS_gettid);
}

static void *live_briefly(void *seed)
{
	int tid = gettid_raw(), slot = -1;
	for (int i = 0; i < SLOTS && slot < 0; i++) {
		int free_slot = 0;
		if (atomic_compare_exchange_strong(&alive[i], &free_slot, tid))
			slot = i;
	}
	unsigned state = (unsigned)(uintptr_t)seed;
	struct timespec pause = { 0, (rand_r(&state) % 3000) * 1000L };
	nanosleep(&pause, NULL);
	if (slot >= 0)
		atomic_store(&alive[slot], 0);
	return NULL;
}

static void *churn(void *seed)
{
	pthread_t running[RUNNING_PER_CHURNER];
	int count = 0, oldest = 0;
	unsigned state = (unsigned)(uintptr_t)seed;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 65536);
	while (!atomic_load(&stop)) {
		void *next_seed = (void *)(uintptr_t)rand_r(&state);
		if (count < RUNNING_PER_CHURNER) {
			pthread_create(&running[count++], &attr, live_briefly, next_seed);
		} else {
			pthread_join(running[oldest], NULL);
			pthread_create(&running[oldest], &attr, live_briefly, next_seed);
			oldest = (oldest + 1) % RUNNING_PER_CHURNER;
		}
	}
	for (int i = 0; i < count; i++)
		pthread_join(running[i], NULL);
	return NULL;
}

static int still_alive(int tid)
{
	for (int i = 0; i < SLOTS; i++)
		if (atomic_load(&alive[i]) == tid)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10;
	pthread_t churners[CHURNERS];
	for (int i = 0; i < CHURNERS; i++)
		pthread_create(&churners[i], NULL, churn, (void *)(uintptr_t)(i + 1));

	static char buffer[65536] __attribute__((aligned(8)));
	static int before[SLOTS], listed_tids[SLOTS];
	int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int pid = getpid();
	long listings = 0, seen[2][2][2] = { { { 0 } } }, missing[2][2][2] = { { { 0 } } };
	time_t end = time(NULL) + seconds;
	while (time(NULL) < end) {
		int before_count = 0;
		for (int i = 0; i < SLOTS; i++) {
			int tid = atomic_load(&alive[i]);
			if (tid)
				before[before_count++] = tid;
		}
		uint64_t block = ~(uint64_t)0, saved;
		lseek(fd, 0, SEEK_SET);
		syscall(SYS_rt_sigprocmask, SIG_BLOCK, &block, &saved, sizeof block);
		long n = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
		long more = syscall(SYS_getdents64, fd, buffer + n, sizeof buffer - n);
		syscall(SYS_rt_sigprocmask, SIG_SETMASK, &saved, NULL, sizeof saved);

		int listed = 0, last = 0;
		int64_t end_position = -1;
		for (long offset = 0; offset < n;) {
			const struct dirent64_raw *entry = (const void *)(buffer + offset);
			end_position = entry->off;
			if (entry->name[0] != '.')
				listed_tids[listed++] = last = atoi(entry->name);
			offset += entry->reclen;
		}
		int last_alive = syscall(SYS_tgkill, pid, last, 0) == 0;
		int position_ok = end_position == 2 + listed;
		int second_empty = more == 0;
		int missed = 0;
		for (int b = 0; b < before_count && !missed; b++) {
			if (!still_alive(before[b]))
				continue;
			int found = 0;
			for (int k = 0; k < listed && !found; k++)
				found = listed_tids[k] == before[b];
			missed = !found;
		}
		seen[last_alive][position_ok][second_empty]++;
		missing[last_alive][position_ok][second_empty] += missed;
		listings++;
	}
	atomic_store(&stop, 1);
	for (int i = 0; i < CHURNERS; i++)
		pthread_join(churners[i], NULL);

	printf("%ld listings in %d s\n", listings, seconds);
	printf("last task alive | position just past the tasks | second read empty | listings | "
			"missing a thread alive throughout\n");
	for (int a = 1; a >= 0; a--)
		for (int p = 1; p >= 0; p--)
			for (int e = 1; e >= 0; e--)
				printf("%s | %s | %s | %ld | %ld\n", a ? "yes" : "no", p ? "yes" : "no",
						e ? "yes" : "no", seen[a][p][e], missing[a][p][e]);
	return 0;
}
