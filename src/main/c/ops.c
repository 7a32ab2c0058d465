/*
 * ops.c - run one transaction's op list on the calling thread.
 *
 * Used by the caller of a broadcast and by every signalled thread inside the signal handler,
 * so it is async-signal-safe: raw system calls only, no allocation, no locks. errno is
 * clobbered; the signal handler saves and restores it around the call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <linux/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "executor.h"

/* Bits a 64-bit mask can hold. */
#define C4J_MASK_BITS 64

static int32_t raw_prctl(int option, unsigned long a2, unsigned long a3)
{
	if (syscall(SYS_prctl, option, a2, a3, 0UL, 0UL) < 0)
		return errno > 0 ? -errno : -EIO;
	return 0;
}

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

	if (syscall(SYS_capset, &header, data) != 0)
		return errno > 0 ? -errno : -EIO;
	return 0;
}

/* Applies `option`/`sub` to every bit of `mask`, lowest first. */
static int32_t for_each_bit(int option, unsigned long sub, uint64_t mask)
{
	for (unsigned long cap = 0; cap < C4J_MASK_BITS; cap++) {
		if (!(mask & (UINT64_C(1) << cap)))
			continue;
		int32_t rc = sub ? raw_prctl(option, sub, cap) : raw_prctl(option, cap, 0);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int32_t run_one(const struct caps4j_op *op)
{
	switch (op->kind) {
	case CAPS4J_OP_CAPSET:
		return do_capset(op->arg, op->arg2, op->arg3);
	case CAPS4J_OP_BOUNDING_DROP:
		return for_each_bit(PR_CAPBSET_DROP, 0, op->arg);
	case CAPS4J_OP_AMBIENT_CLEAR:
		return raw_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0);
	case CAPS4J_OP_AMBIENT_RAISE:
		return for_each_bit(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, op->arg);
	case CAPS4J_OP_AMBIENT_LOWER:
		return for_each_bit(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, op->arg);
	case CAPS4J_OP_KEEP_CAPS:
		return op->arg > 1 ? -EINVAL : raw_prctl(PR_SET_KEEPCAPS, op->arg, 0);
	case CAPS4J_OP_INJECT_FAILURE:
		if (op->arg2 != 0 && (uint64_t)syscall(SYS_gettid) == op->arg2)
			return 0; /* the spared thread */
		return op->arg > 0 && op->arg < 4096 ? -(int32_t)op->arg : -EINVAL;
	default:
		return -EINVAL;
	}
}

int32_t c4j_run_ops(const struct caps4j_op *ops, int32_t count, int32_t *failed_step)
{
	int keep_caps_set = 0;

	*failed_step = -1;
	for (int32_t step = 0; step < count; step++) {
		int32_t rc = run_one(&ops[step]);
		if (rc < 0) {
			/* Never leave keep-caps on after a failure: a later setuid would keep caps. */
			if (keep_caps_set)
				(void)raw_prctl(PR_SET_KEEPCAPS, 0, 0);
			*failed_step = step;
			return rc;
		}
		if (ops[step].kind == CAPS4J_OP_KEEP_CAPS)
			keep_caps_set = ops[step].arg == 1;
	}
	return 0;
}

int32_t caps4j_run_ops(const struct caps4j_op *ops, int32_t count, int32_t *failed_step)
{
	if (!failed_step)
		return -EINVAL;
	*failed_step = -1;
	if (!ops || count < 0)
		return -EINVAL;
	if (count > CAPS4J_MAX_OPS)
		return -E2BIG;
	return c4j_run_ops(ops, count, failed_step);
}
