/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * state_check.c - compare the calling thread's credentials with a transaction's target.
 *
 * A signalled thread calls this twice: before the op list (a thread already at the target, e.g.
 * one created by a thread that had already changed, must not run a list planned from the old
 * state) and after it (its own read-back of every field, which the caller's verification
 * uses). Only the transaction's fields are read, and of the bounding and ambient sets only the
 * named bits, so a capset transaction costs one capget each time.
 * Async-signal-safe: raw system calls, stack buffers.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <linux/prctl.h>

#include "executor.h"
#include "syscalls.h"

static uint32_t check_caps(const struct caps4j_state *target)
{
	uint32_t words[6];
	if (caps4j_capget(0, words) < 0)
		return CAPS4J_FIELD_CAPS | CAPS4J_FIELD_READ_FAILED;
	uint64_t e = (uint64_t)words[3] << 32 | words[0];
	uint64_t p = (uint64_t)words[4] << 32 | words[1];
	uint64_t i = (uint64_t)words[5] << 32 | words[2];
	return e == target->effective && p == target->permitted && i == target->inheritable
			? 0 : CAPS4J_FIELD_CAPS;
}

/* Compares the `bits` of a per-capability prctl query; EINVAL (past cap_last_cap) reads 0. */
static uint32_t check_bits(uint32_t field, int option, unsigned long sub, uint64_t bits,
		uint64_t expected)
{
	for (unsigned long cap = 0; cap < 64 && bits >> cap; cap++) {
		if (!(bits >> cap & 1))
			continue;
		long set = sub ? c4j_prctl(option, sub, cap) : c4j_prctl(option, cap, 0);
		if (set == -EINVAL)
			set = 0;
		if (set < 0)
			return field | CAPS4J_FIELD_READ_FAILED;
		if ((set != 0) != ((expected >> cap & 1) != 0))
			return field;
	}
	return 0;
}

static uint32_t check_value(uint32_t field, int option, int32_t expected, int32_t *out)
{
	long value = c4j_prctl(option, 0, 0);
	if (out)
		*out = (int32_t)value;
	if (value < 0)
		return field | CAPS4J_FIELD_READ_FAILED;
	return value == expected ? 0 : field;
}

static uint32_t check_ids(uint32_t field, long sysno, const uint32_t expected[3])
{
	uint32_t ids[3];
	if (syscall(sysno, &ids[0], &ids[1], &ids[2]) != 0)
		return field | CAPS4J_FIELD_READ_FAILED;
	return ids[0] == expected[0] && ids[1] == expected[1] && ids[2] == expected[2]
			? 0 : field;
}

/* The supplementary groups, compared as sets (the kernel sorts them; the target may not be). */
static uint32_t check_groups(const struct caps4j_state *target)
{
	uint32_t groups[CAPS4J_MAX_GROUPS];
	long count = syscall(SYS_getgroups, CAPS4J_MAX_GROUPS, groups);
	if (count < 0)
		return errno == EINVAL ? CAPS4J_FIELD_GROUPS /* more than we could set */
				: CAPS4J_FIELD_GROUPS | CAPS4J_FIELD_READ_FAILED;
	if ((uint32_t)count != target->group_count)
		return CAPS4J_FIELD_GROUPS;
	for (uint32_t want = 0; want < target->group_count; want++) {
		int found = 0;
		for (long have = 0; have < count && !found; have++)
			found = groups[have] == target->groups[want];
		if (!found)
			return CAPS4J_FIELD_GROUPS;
	}
	return 0;
}

uint32_t c4j_mismatched(const struct caps4j_transaction *txn, uint32_t fields,
		int32_t *securebits)
{
	const struct caps4j_state *target = &txn->target;
	uint32_t differ = 0;

	*securebits = -1;
	if (fields & CAPS4J_FIELD_CAPS)
		differ |= check_caps(target);
	if (fields & CAPS4J_FIELD_BOUNDING)
		differ |= check_bits(CAPS4J_FIELD_BOUNDING, PR_CAPBSET_READ, 0,
				txn->bounding_bits, target->bounding);
	if (fields & CAPS4J_FIELD_AMBIENT)
		differ |= check_bits(CAPS4J_FIELD_AMBIENT, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET,
				txn->ambient_bits, target->ambient);
	if (fields & CAPS4J_FIELD_SECUREBITS)
		differ |= check_value(CAPS4J_FIELD_SECUREBITS, PR_GET_SECUREBITS,
				target->securebits, securebits);
	if (fields & CAPS4J_FIELD_NO_NEW_PRIVS)
		differ |= check_value(CAPS4J_FIELD_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS,
				target->no_new_privs, NULL);
	if (fields & CAPS4J_FIELD_UIDS)
		differ |= check_ids(CAPS4J_FIELD_UIDS, SYS_getresuid, target->uid);
	if (fields & CAPS4J_FIELD_GIDS)
		differ |= check_ids(CAPS4J_FIELD_GIDS, SYS_getresgid, target->gid);
	if (fields & CAPS4J_FIELD_GROUPS)
		differ |= check_groups(target);
	return differ;
}
