/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * capget_loop.c - the floor under every Java variant: glibc's capget(2) called in a tight C
 * loop, with the same header and data ReadCapsBenchmark passes. Prints ns per call for a few
 * rounds so a noisy (shared, virtualised) machine shows up as spread.
 *
 *   gcc -O2 -o /tmp/capget_loop bench/src/main/c/capget_loop.c && /tmp/capget_loop
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* glibc exports capget but declares it only in <sys/capability.h> of libcap. */
extern int capget(cap_user_header_t header, cap_user_data_t data);

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 2000000;
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	unsigned sink = 0;

	for (int round = 0; round < 6; round++) {
		double start = now_ns();
		for (long i = 0; i < calls; i++) {
			if (capget(&header, data) != 0) {
				perror("capget");
				return 1;
			}
			sink += data[0].effective;
		}
		double per_call = (now_ns() - start) / calls;
		/* Round 0 warms caches and page tables; report it, but mark it. */
		printf("round %d%s: %.1f ns/call\n", round, round == 0 ? " (warm-up)" : "", per_call);
	}
	return sink == 42 ? 2 : 0;
}
