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

/* 32-bit id system calls (on i386 the plain numbers are the 16-bit legacy calls). */
#ifdef SYS_setresuid32
#define C4J_SYS_SETRESUID SYS_setresuid32
#define C4J_SYS_SETRESGID SYS_setresgid32
#define C4J_SYS_SETGROUPS SYS_setgroups32
#else
#define C4J_SYS_SETRESUID SYS_setresuid
#define C4J_SYS_SETRESGID SYS_setresgid
#define C4J_SYS_SETGROUPS SYS_setgroups
#endif

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

/* Raw setresuid/setresgid: each id must fit 32 bits (glibc's wrappers would broadcast). */
static int32_t set_ids(long sysno, const struct caps4j_op *op)
{
	if (op->arg > UINT32_MAX || op->arg2 > UINT32_MAX || op->arg3 > UINT32_MAX)
		return -EINVAL;
	if (syscall(sysno, (uint32_t)op->arg, (uint32_t)op->arg2, (uint32_t)op->arg3) != 0)
		return errno > 0 ? -errno : -EIO;
	return 0;
}

/*
 * Raw setgroups with the gids stored in the GROUP_DATA ops after ops[step]: the list is all in
 * the op memory (copied before a broadcast), so the handler needs no allocation. On success
 * *payload is the number of GROUP_DATA ops consumed.
 */
static int32_t set_groups(const struct caps4j_op *ops, int32_t count, int32_t step,
		int32_t *payload)
{
	uint64_t n = ops[step].arg;
	uint32_t gids[CAPS4J_MAX_GROUPS];

	if (n > CAPS4J_MAX_GROUPS)
		return -EINVAL;
	int32_t needed = (int32_t)((n + CAPS4J_GIDS_PER_OP - 1) / CAPS4J_GIDS_PER_OP);
	if (needed > count - step - 1)
		return -EINVAL;
	for (int32_t d = 0; d < needed; d++) {
		const struct caps4j_op *data = &ops[step + 1 + d];
		if (data->kind != CAPS4J_OP_GROUP_DATA)
			return -EINVAL;
		uint64_t words[3] = { data->arg, data->arg2, data->arg3 };
		for (int32_t k = 0; k < CAPS4J_GIDS_PER_OP; k++) {
			uint64_t index = (uint64_t)d * CAPS4J_GIDS_PER_OP + (uint64_t)k;
			if (index < n)
				gids[index] = (uint32_t)(words[k / 2] >> (32 * (k % 2)));
		}
	}
	if (syscall(C4J_SYS_SETGROUPS, (unsigned long)n, gids) != 0)
		return errno > 0 ? -errno : -EIO;
	*payload = needed;
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
	case CAPS4J_OP_SECUREBITS:
		return op->arg > UINT32_MAX ? -EINVAL : raw_prctl(PR_SET_SECUREBITS, op->arg, 0);
	case CAPS4J_OP_NO_NEW_PRIVS:
		return op->arg != 1 ? -EINVAL : raw_prctl(PR_SET_NO_NEW_PRIVS, 1, 0);
	case CAPS4J_OP_SETRESGID:
		return set_ids(C4J_SYS_SETRESGID, op);
	case CAPS4J_OP_SETRESUID:
		return set_ids(C4J_SYS_SETRESUID, op);
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
		int32_t payload = 0;
		int32_t rc = ops[step].kind == CAPS4J_OP_SETGROUPS
				? set_groups(ops, count, step, &payload) : run_one(&ops[step]);
		if (rc < 0) {
			/* Never leave keep-caps on after a failure: a later setuid would keep caps. */
			if (keep_caps_set)
				(void)raw_prctl(PR_SET_KEEPCAPS, 0, 0);
			*failed_step = step;
			return rc;
		}
		if (ops[step].kind == CAPS4J_OP_KEEP_CAPS)
			keep_caps_set = ops[step].arg == 1;
		step += payload; /* GROUP_DATA ops are data, not steps */
	}
	return 0;
}

static int32_t read_back(int option)
{
	long value = syscall(SYS_prctl, option, 0UL, 0UL, 0UL, 0UL);
	if (value < 0)
		return errno > 0 ? -errno : -EIO;
	return (int32_t)value;
}

void c4j_read_back(int32_t *securebits, int32_t *keep_caps, int32_t *no_new_privs)
{
	*securebits = read_back(PR_GET_SECUREBITS);
	*keep_caps = read_back(PR_GET_KEEPCAPS);
	*no_new_privs = read_back(PR_GET_NO_NEW_PRIVS);
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
