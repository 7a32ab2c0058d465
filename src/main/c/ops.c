/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * ops.c - run one transaction's op list on the calling thread.
 *
 * Used by the caller of a broadcast, by every signalled thread inside the signal handler and by
 * caps4j_run, so it is async-signal-safe: raw system calls only, no allocation, no locks.
 * errno is clobbered; the signal handler saves and restores it around the call.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <linux/prctl.h>

#include "executor.h"
#include "syscalls.h"

/* Bits a 64-bit mask can hold. */
#define C4J_MASK_BITS 64

static int32_t do_capset(uint64_t effective, uint64_t permitted, uint64_t inheritable)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {
		{ (uint32_t)effective, (uint32_t)permitted, (uint32_t)inheritable },
		{ (uint32_t)(effective >> 32), (uint32_t)(permitted >> 32),
		  (uint32_t)(inheritable >> 32) },
	};

	return syscall(SYS_capset, &header, data) == 0 ? 0 : c4j_neg_errno();
}

/* Applies `option`/`sub` to every bit of `mask`, lowest first. */
static int32_t for_each_bit(int option, unsigned long sub, uint64_t mask)
{
	for (unsigned long cap = 0; cap < C4J_MASK_BITS; cap++) {
		if (!(mask & (UINT64_C(1) << cap)))
			continue;
		long rc = sub ? c4j_prctl(option, sub, cap) : c4j_prctl(option, cap, 0);
		if (rc < 0)
			return (int32_t)rc;
	}
	return 0;
}

/* Raw setresuid/setresgid: each id must fit 32 bits (glibc's wrappers would broadcast). */
static int32_t set_ids(long sysno, const struct caps4j_op *op)
{
	if (op->arg > UINT32_MAX || op->arg2 > UINT32_MAX || op->arg3 > UINT32_MAX)
		return -EINVAL;
	if (syscall(sysno, (uint32_t)op->arg, (uint32_t)op->arg2, (uint32_t)op->arg3) != 0)
		return c4j_neg_errno();
	return 0;
}

/* Raw setgroups to the target's list, which lives in the transaction (no allocation). */
static int32_t set_groups(const struct caps4j_state *target)
{
	if (target->group_count > CAPS4J_MAX_GROUPS)
		return -EINVAL;
	if (syscall(SYS_setgroups, (unsigned long)target->group_count, target->groups) != 0)
		return c4j_neg_errno();
	return 0;
}

static int32_t run_one(const struct caps4j_op *op, const struct caps4j_state *target)
{
	switch (op->kind) {
	case CAPS4J_OP_CAPSET:
		return do_capset(op->arg, op->arg2, op->arg3);
	case CAPS4J_OP_BOUNDING_DROP:
		return for_each_bit(PR_CAPBSET_DROP, 0, op->arg);
	case CAPS4J_OP_AMBIENT_CLEAR:
		return (int32_t)c4j_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0);
	case CAPS4J_OP_AMBIENT_RAISE:
		return for_each_bit(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, op->arg);
	case CAPS4J_OP_AMBIENT_LOWER:
		return for_each_bit(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, op->arg);
	case CAPS4J_OP_KEEP_CAPS:
		return op->arg > 1 ? -EINVAL : (int32_t)c4j_prctl(PR_SET_KEEPCAPS, op->arg, 0);
	case CAPS4J_OP_SECUREBITS:
		return op->arg > UINT32_MAX ? -EINVAL
				: (int32_t)c4j_prctl(PR_SET_SECUREBITS, op->arg, 0);
	case CAPS4J_OP_NO_NEW_PRIVS:
		return op->arg != 1 ? -EINVAL : (int32_t)c4j_prctl(PR_SET_NO_NEW_PRIVS, 1, 0);
	case CAPS4J_OP_SETGROUPS:
		return set_groups(target);
	case CAPS4J_OP_SETRESGID:
		return set_ids(SYS_setresgid, op);
	case CAPS4J_OP_SETRESUID:
		return set_ids(SYS_setresuid, op);
	default:
		return -EINVAL;
	}
}

int32_t c4j_run_ops(const struct caps4j_transaction *txn, int32_t *failed_step)
{
	int keep_caps_set = 0;

	*failed_step = -1;
	for (int32_t step = 0; step < txn->op_count; step++) {
		int32_t rc = run_one(&txn->ops[step], &txn->target);
		if (rc < 0) {
			/* Never leave keep-caps on after a failure: a later setuid would keep caps. */
			if (keep_caps_set)
				(void)c4j_prctl(PR_SET_KEEPCAPS, 0, 0);
			*failed_step = step;
			return rc;
		}
		if (txn->ops[step].kind == CAPS4J_OP_KEEP_CAPS)
			keep_caps_set = txn->ops[step].arg == 1;
	}
	return 0;
}

int32_t c4j_check_transaction(const struct caps4j_transaction *txn)
{
	if (txn->op_count < 0)
		return -EINVAL;
	if (txn->op_count > CAPS4J_MAX_OPS || txn->target.group_count > CAPS4J_MAX_GROUPS)
		return -E2BIG;
	return 0;
}

int32_t caps4j_run(const struct caps4j_transaction *txn, int32_t *failed_step)
{
	if (!failed_step)
		return -EINVAL;
	*failed_step = -1;
	if (!txn)
		return -EINVAL;
	int32_t rc = c4j_check_transaction(txn);
	return rc < 0 ? rc : c4j_run_ops(txn, failed_step);
}
