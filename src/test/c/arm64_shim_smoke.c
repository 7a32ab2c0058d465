/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * arm64_shim_smoke.c - the shim's functions on arm64, run under qemu-aarch64-static by
 * Arm64QemuTest. Linked with every file of src/main/c compiled for aarch64. Prints one line per
 * check, "ok NAME" or "FAIL NAME: why", and exits 1 if any check failed. Run as root.
 *
 * qemu-user runs each guest thread as a host thread, but it also has threads of its own (an
 * RCU thread) that never run guest code, so they can never answer a guest signal handler. The
 * broadcast check therefore signals only the tids of the threads this program created
 * (only_tids), and lists the other tasks it sees as qemu's, with their names.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../main/c/caps4j.h"

#define THREADS 8
#define NET_RAW 13

static int failures;

static void check(int ok, const char *name, const char *why)
{
	if (ok) {
		printf("ok %s\n", name);
	} else {
		printf("FAIL %s: %s\n", name, why);
		failures++;
	}
}

static uint64_t effective_of(int32_t tid)
{
	uint32_t words[6];
	if (caps4j_capget(tid, words) != 0)
		return ~0ULL;
	return (uint64_t)words[3] << 32 | words[0];
}

/* CapEff of task `tid` as /proc prints it. */
static uint64_t proc_effective(int32_t tid)
{
	char path[64], line[256];
	uint64_t value = ~0ULL;
	snprintf(path, sizeof path, "/proc/self/task/%d/status", tid);
	FILE *status = fopen(path, "r");
	if (!status)
		return value;
	while (fgets(line, sizeof line, status))
		if (strncmp(line, "CapEff:", 7) == 0)
			value = strtoull(line + 7, NULL, 16);
	fclose(status);
	return value;
}

/* A transaction that sets E to `effective`, keeping P and I as read. */
static void caps_transaction(struct caps4j_transaction *txn, uint64_t effective)
{
	struct caps4j_state now;
	memset(txn, 0, sizeof *txn);
	caps4j_read_state(&now);
	txn->fields = CAPS4J_FIELD_CAPS;
	txn->target = now;
	txn->target.effective = effective;
	txn->op_count = 1;
	txn->ops[0] = (struct caps4j_op){ .kind = CAPS4J_OP_CAPSET, .arg = effective,
		.arg2 = now.permitted, .arg3 = now.inheritable };
}

static int32_t tids[THREADS];
static int release_pipe[2];

static void *parked(void *slot)
{
	char byte;
	tids[(long)slot] = caps4j_gettid();
	/* Blocked in read (the handler interrupts it; SA_RESTART resumes it) until released. */
	while (read(release_pipe[0], &byte, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

static void check_broadcast(void)
{
	pthread_t threads[THREADS];
	if (pipe(release_pipe) != 0)
		return check(0, "broadcast", "pipe failed");
	for (long i = 0; i < THREADS; i++)
		pthread_create(&threads[i], NULL, parked, (void *)i);
	for (int i = 0; i < THREADS; i++)
		while (__atomic_load_n(&tids[i], __ATOMIC_ACQUIRE) == 0)
			usleep(1000);

	/* Name every task that is not ours: qemu's own threads, excluded on purpose. */
	int32_t listed[256];
	int32_t count = caps4j_list_tasks(listed, 256);
	int foreign = 0;
	for (int32_t i = 0; i < count; i++) {
		int ours = listed[i] == caps4j_gettid();
		for (int j = 0; j < THREADS; j++)
			ours |= listed[i] == tids[j];
		if (!ours) {
			char path[64], name[64] = "?";
			snprintf(path, sizeof path, "/proc/self/task/%d/comm", listed[i]);
			FILE *comm = fopen(path, "r");
			if (comm && fgets(name, sizeof name, comm))
				name[strcspn(name, "\n")] = 0;
			if (comm)
				fclose(comm);
			printf("info qemu's own task %d (%s) is not signalled\n", listed[i], name);
			foreign++;
		}
	}
	check(count == THREADS + 1 + foreign, "list_tasks", "task count");

	uint64_t before = effective_of(0);
	struct caps4j_transaction txn;
	caps_transaction(&txn, before & ~(1ULL << NET_RAW));
	int32_t step;
	check(caps4j_run(&txn, &step) == 0, "broadcast caller", "caps4j_run failed");
	struct caps4j_thread_result results[THREADS];
	struct caps4j_summary summary;
	int32_t rc = caps4j_broadcast(&txn, tids, THREADS, 10000, results, THREADS, &summary);
	char why[128];
	snprintf(why, sizeof why, "rc %d ran %d failed %d timed out %d mismatched %d", rc,
		 summary.ran, summary.failed, summary.timed_out, summary.mismatched);
	check(rc == 0 && summary.ran == THREADS && summary.failed == 0, "broadcast", why);
	int all = 1;
	for (int i = 0; i < THREADS; i++)
		all &= effective_of(tids[i]) == (before & ~(1ULL << NET_RAW))
			&& proc_effective(tids[i]) == (before & ~(1ULL << NET_RAW));
	check(all, "broadcast reached every guest thread (capget and /proc agree)", "a thread kept E");

	caps_transaction(&txn, before);
	caps4j_run(&txn, &step);
	caps4j_broadcast(&txn, tids, THREADS, 10000, results, THREADS, &summary);
	close(release_pipe[1]);
	for (int i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
}

static void check_file_caps(void)
{
	char path[] = "/tmp/caps4j-arm64-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return check(0, "file caps", "mkstemp failed");
	close(fd);
	/* VFS_CAP_REVISION_2, not effective, permitted = cap_net_raw, inheritable = 0 */
	uint8_t value[20] = { 0x00, 0x00, 0x00, 0x02, 0x00, 0x20 };
	uint8_t read_back[64];
	uint32_t type = 0;
	check(caps4j_file_caps_set(path, value, sizeof value, &type) == 0, "file_caps_set",
	      "setxattr failed (root needed)");
	int32_t length = caps4j_file_caps_get(path, read_back, sizeof read_back, &type);
	check(length == (int32_t)sizeof value && memcmp(value, read_back, sizeof value) == 0,
	      "file_caps_get", "value differs");
	check(caps4j_file_caps_remove(path, &type) == 0, "file_caps_remove", "removexattr failed");
	check(caps4j_file_caps_get(path, read_back, sizeof read_back, &type) == -ENODATA,
	      "file_caps_get after remove", "still there");
	unlink(path);
}

int main(void)
{
	check(caps4j_abi_version() == CAPS4J_ABI_VERSION, "abi_version", "mismatch");
	uint64_t effective = effective_of(0);
	check(effective != ~0ULL && effective == proc_effective(caps4j_gettid()), "capget",
	      "capget and /proc/self/status disagree");
	check(caps4j_probe_last_cap() >= 40, "probe_last_cap", "below 40");

	struct caps4j_transaction txn;
	int32_t step;
	caps_transaction(&txn, effective & ~(1ULL << NET_RAW));
	check(caps4j_run(&txn, &step) == 0 && effective_of(0) == (effective & ~(1ULL << NET_RAW)),
	      "run_ops", "E not changed");
	caps_transaction(&txn, effective);
	check(caps4j_run(&txn, &step) == 0 && effective_of(0) == effective, "run_ops back",
	      "E not restored");

	check_file_caps();
	check_broadcast();
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}
