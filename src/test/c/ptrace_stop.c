/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * ptrace_stop.c - stops single threads of another process, for the broadcast tests (issue 8
 * items 5 and 6): `ptrace_stop TID...` seizes and interrupts each thread (PTRACE_SEIZE +
 * PTRACE_INTERRUPT), waits until each is in its ptrace-stop, prints "stopped", and keeps them
 * stopped (signals sent to them stay pending) until its stdin reaches end of file; then it
 * detaches from each (they resume and take their pending signals), prints "detached" and exits.
 * Only those threads stop; the rest of the process keeps running.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s TID...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		pid_t tid = (pid_t)atoi(argv[i]);
		int status;
		if (ptrace(PTRACE_SEIZE, tid, 0, 0) != 0 || ptrace(PTRACE_INTERRUPT, tid, 0, 0) != 0) {
			fprintf(stderr, "ptrace %d: %s\n", tid, strerror(errno));
			return 1;
		}
		for (;;) { /* until the interrupt's stop; a signal that came first is passed on */
			if (waitpid(tid, &status, __WALL) < 0) {
				fprintf(stderr, "waitpid %d: %s\n", tid, strerror(errno));
				return 1;
			}
			if (!WIFSTOPPED(status))
				continue;
			if (status >> 16 == PTRACE_EVENT_STOP)
				break;
			ptrace(PTRACE_CONT, tid, 0, WSTOPSIG(status));
		}
	}
	printf("stopped\n");
	fflush(stdout);
	char buffer[64];
	while (fread(buffer, 1, sizeof buffer, stdin) > 0)
		;
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		if (ptrace(PTRACE_DETACH, (pid_t)atoi(argv[i]), 0, 0) != 0) {
			fprintf(stderr, "detach %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		}
	}
	printf("detached\n");
	fflush(stdout);
	return rc;
}
