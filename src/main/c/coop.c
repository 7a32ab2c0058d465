/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * coop.c - how any number of copies of this shim in one process take turns.
 *
 * An application server or a shaded dependency can load caps4j twice, each copy with its own
 * libcaps4j.so and statics. Two handlers for signal 33 chaining to each other sent every
 * delivery round A -> B -> A until the stack overflowed, and two concurrent broadcasts each
 * took the other's deliveries. So: the copy whose handler is installed is the owner; no copy
 * ever installs over another copy's handler (signal_install.c); every copy takes the owner's
 * turn lock for a broadcast, draws its id from the owner (ids are unique process-wide) and
 * sets the owner's delegate to its own delivery function, which the owner's handler calls for
 * every caps4j-tagged delivery. Copies find the owner from the installed handler's address:
 * dladdr names the shared object it lives in, dlsym finds that object's caps4j_coop_v1.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>

#include "executor.h"
#include "futex.h"
#include "signal_install.h"

struct caps4j_coop caps4j_coop_v1 = {
	.magic = CAPS4J_COOP_MAGIC,
	.version = 1,
	.turn = 0,
	.next_id = 0,
	.delegate = NULL,
};

struct caps4j_coop *c4j_coop_of(void *handler)
{
	if (handler == (void *)SIG_DFL || handler == (void *)SIG_IGN)
		return NULL;
	Dl_info info;
	if (!dladdr(handler, &info) || !info.dli_fname)
		return NULL;
	/* A handle for the object that holds the handler, without loading anything: its name
	 * is how it was loaded (for a memfd shim, /proc/self/fd/N, which the loader keeps
	 * open). dlsym on a dependency's link_map (libc's) crashes glibc, so no shortcut. */
	void *object = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
	if (!object)
		return NULL;
	struct caps4j_coop *coop = dlsym(object, "caps4j_coop_v1");
	dlclose(object);
	if (!coop || coop->magic != CAPS4J_COOP_MAGIC || coop->version < 1)
		return NULL;
	return coop;
}

int32_t c4j_take_turn(struct caps4j_coop *owner, int64_t deadline)
{
	uint32_t free_turn = 0;
	if (atomic_compare_exchange_strong(&owner->turn, &free_turn, 1))
		return 0;
	for (;;) {
		if (atomic_exchange(&owner->turn, 2) == 0)
			return 0;
		int64_t left = deadline - now_nanos();
		if (left <= 0)
			return -EBUSY;
		futex_wait(&owner->turn, 2, left < 50000000L ? left : 50000000L);
	}
}

void c4j_give_turn(struct caps4j_coop *owner)
{
	if (atomic_exchange(&owner->turn, 0) == 2)
		futex_wake_all(&owner->turn);
}

/* The owner whose turn this copy holds between caps4j_begin_turn and caps4j_end_turn. */
static struct caps4j_coop *_Atomic held;

struct caps4j_coop *c4j_held_turn(void)
{
	return atomic_load(&held);
}

int32_t caps4j_begin_turn(int32_t timeout_ms)
{
	struct caps4j_coop *owner;
	if (timeout_ms <= 0 || atomic_load(&held))
		return -EINVAL;
	int32_t rc = c4j_ensure_owner(&owner);
	if (rc < 0)
		return rc;
	rc = c4j_take_turn(owner, now_nanos() + (int64_t)timeout_ms * 1000000L);
	if (rc == 0)
		atomic_store(&held, owner);
	return rc;
}

void caps4j_end_turn(void)
{
	struct caps4j_coop *owner = atomic_exchange(&held, NULL);
	if (owner)
		c4j_give_turn(owner);
}

uint32_t c4j_next_id(struct caps4j_coop *owner)
{
	uint32_t id;
	do
		id = (atomic_fetch_add(&owner->next_id, 1) + 1) & C4J_ID_MASK;
	while (id == 0);
	return id;
}
