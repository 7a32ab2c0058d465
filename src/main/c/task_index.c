/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * task_index.c - tid -> slot of the broadcast's task table, so that a sweep skips tasks it
 * already signalled and a handler finds its own entry in O(1) instead of scanning the table
 * (both were quadratic in the number of threads).
 *
 * Open addressing with linear probing over static arrays (no allocation). Only the broadcasting
 * thread writes, and publishes an entry before it signals that tid, so a handler's lookup of its
 * own tid always succeeds; lookups never block. Async-signal-safe.
 */
#include <stdatomic.h>
#include <stdint.h>

#include "executor.h"

#define C4J_INDEX_SIZE (2 * CAPS4J_MAX_TASKS)

static _Atomic int32_t index_tid[C4J_INDEX_SIZE]; /* 0 = empty (tid 0 is never a task) */
static int32_t index_slot[C4J_INDEX_SIZE];

static uint32_t index_hash(int32_t tid)
{
	return ((uint32_t)tid * 2654435761u) % C4J_INDEX_SIZE;
}

int32_t c4j_index_find(int32_t tid)
{
	uint32_t h = index_hash(tid);
	for (uint32_t n = 0; n < C4J_INDEX_SIZE; n++, h = (h + 1) % C4J_INDEX_SIZE) {
		int32_t found = atomic_load(&index_tid[h]);
		if (found == 0)
			return -1;
		if (found == tid)
			return index_slot[h];
	}
	return -1;
}

void c4j_index_add(int32_t tid, int32_t slot)
{
	uint32_t h = index_hash(tid);
	while (atomic_load(&index_tid[h]) != 0)
		h = (h + 1) % C4J_INDEX_SIZE;
	index_slot[h] = slot;
	atomic_store(&index_tid[h], tid); /* published after its slot */
}

/*
 * Clears the probe run from tid's home position up to the next empty entry. Called for every
 * tid that was added, it empties the whole index (each entry lies in the run that starts at or
 * before its home position); lookups in between may miss.
 */
void c4j_index_clear_run(int32_t tid)
{
	uint32_t h = index_hash(tid);
	while (atomic_load(&index_tid[h]) != 0) {
		atomic_store(&index_tid[h], 0);
		h = (h + 1) % C4J_INDEX_SIZE;
	}
}
