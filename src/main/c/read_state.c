/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * read_state.c - read the calling thread's capability state from the kernel.
 *
 * Every reader is a raw system call (syscalls.h); errno becomes a negative return value there.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <linux/prctl.h>

#include "caps4j.h"
#include "executor.h"
#include "syscalls.h"

/* Bits a 64-bit mask can hold; the kernel answers EINVAL above its cap_last_cap. */
#define CAPS4J_MASK_BITS 64

int32_t caps4j_capget(int32_t pid, uint32_t out[6])
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = pid,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { { 0 } };

	if (pid < 0)
		return -EINVAL;
	if (syscall(SYS_capget, &header, data) != 0)
		return c4j_neg_errno();
	for (int word = 0; word < _LINUX_CAPABILITY_U32S_3; word++) {
		out[3 * word + 0] = data[word].effective;
		out[3 * word + 1] = data[word].permitted;
		out[3 * word + 2] = data[word].inheritable;
	}
	return 0;
}

/*
 * Reads one bit per capability with `option`/`sub` until the kernel says EINVAL (past its
 * last capability). Any other error is returned as is.
 */
static int32_t read_mask(int option, unsigned long sub, uint64_t *out)
{
	uint64_t mask = 0;

	for (unsigned long cap = 0; cap < CAPS4J_MASK_BITS; cap++) {
		long set = sub ? c4j_prctl(option, sub, cap) : c4j_prctl(option, cap, 0);
		if (set == -EINVAL && cap > 0)
			break;
		if (set < 0)
			return (int32_t)set;
		if (set)
			mask |= UINT64_C(1) << cap;
	}
	*out = mask;
	return 0;
}

int32_t caps4j_read_bounding(uint64_t *out)
{
	return read_mask(PR_CAPBSET_READ, 0, out);
}

int32_t caps4j_read_ambient(uint64_t *out)
{
	return read_mask(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, out);
}

int32_t caps4j_read_securebits(void)
{
	return (int32_t)c4j_prctl(PR_GET_SECUREBITS, 0, 0);
}

int32_t caps4j_read_no_new_privs(void)
{
	return (int32_t)c4j_prctl(PR_GET_NO_NEW_PRIVS, 0, 0);
}

int32_t caps4j_read_keep_caps(void)
{
	return (int32_t)c4j_prctl(PR_GET_KEEPCAPS, 0, 0);
}

int32_t caps4j_probe_last_cap(void)
{
	int32_t last = -1;

	for (unsigned long cap = 0; cap < CAPS4J_MASK_BITS; cap++) {
		long rc = c4j_prctl(PR_CAPBSET_READ, cap, 0);
		if (rc == -EINVAL)
			break;
		if (rc < 0)
			return (int32_t)rc;
		last = (int32_t)cap;
	}
	return last >= 0 ? last : -EINVAL;
}

int32_t caps4j_read_state(struct caps4j_state *out)
{
	uint32_t words[6];
	int32_t rc;

	if (!out)
		return -EINVAL;
	if ((rc = caps4j_capget(0, words)) < 0)
		return rc;
	out->effective = (uint64_t)words[3] << 32 | words[0];
	out->permitted = (uint64_t)words[4] << 32 | words[1];
	out->inheritable = (uint64_t)words[5] << 32 | words[2];
	if ((rc = caps4j_read_bounding(&out->bounding)) < 0)
		return rc;
	/* Only capabilities in both P and I can be ambient: ask for those alone. */
	out->ambient = 0;
	uint64_t candidates = out->permitted & out->inheritable;
	for (unsigned long cap = 0; cap < CAPS4J_MASK_BITS && candidates >> cap; cap++) {
		if (!(candidates >> cap & 1))
			continue;
		long set = c4j_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap);
		if (set < 0)
			return (int32_t)set;
		if (set)
			out->ambient |= UINT64_C(1) << cap;
	}
	if ((rc = caps4j_read_securebits()) < 0)
		return rc;
	out->securebits = rc;
	if ((rc = caps4j_read_no_new_privs()) < 0)
		return rc;
	out->no_new_privs = rc;
	if (syscall(SYS_getresuid, &out->uid[0], &out->uid[1], &out->uid[2]) != 0
			|| syscall(SYS_getresgid, &out->gid[0], &out->gid[1], &out->gid[2]) != 0)
		return c4j_neg_errno();
	long count = syscall(SYS_getgroups, CAPS4J_MAX_GROUPS, out->groups);
	if (count < 0)
		return errno == EINVAL ? -E2BIG : c4j_neg_errno();
	out->group_count = (uint32_t)count;
	out->reserved = 0;
	return 0;
}
