/*
 * read_state.c - read the calling thread's capability state from the kernel.
 *
 * Every reader is a raw system call through syscall(2); the prctl reads take no variadic
 * arguments from Java and turn errno into a negative return value right here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <linux/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps4j.h"
#include "executor.h"

/* Bits a 64-bit mask can hold; the kernel answers EINVAL above its cap_last_cap. */
#define CAPS4J_MASK_BITS 64

static long raw_prctl(int option, unsigned long a2, unsigned long a3)
{
	return syscall(SYS_prctl, option, a2, a3, 0UL, 0UL);
}

static int32_t negative_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

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
		return negative_errno();
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
		long set = sub ? raw_prctl(option, sub, cap) : raw_prctl(option, cap, 0);
		if (set < 0) {
			if (errno == EINVAL && cap > 0)
				break;
			return negative_errno();
		}
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

int32_t c4j_read_masks(uint64_t *bounding, uint64_t *ambient)
{
	uint32_t words[6];
	int32_t rc = read_mask(PR_CAPBSET_READ, 0, bounding);
	if (rc < 0)
		return rc;
	rc = caps4j_capget(0, words);
	if (rc < 0)
		return rc;
	uint64_t candidates = ((uint64_t)words[4] << 32 | words[1])   /* permitted */
			& ((uint64_t)words[5] << 32 | words[2]);       /* inheritable */
	uint64_t mask = 0;
	for (unsigned long cap = 0; cap < CAPS4J_MASK_BITS && candidates >> cap; cap++) {
		if (!(candidates >> cap & 1))
			continue;
		long set = raw_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap);
		if (set < 0)
			return negative_errno();
		if (set)
			mask |= UINT64_C(1) << cap;
	}
	*ambient = mask;
	return 0;
}

static int32_t read_prctl_value(int option)
{
	long value = raw_prctl(option, 0, 0);
	return value < 0 ? negative_errno() : (int32_t)value;
}

int32_t caps4j_read_securebits(void)
{
	return read_prctl_value(PR_GET_SECUREBITS);
}

int32_t caps4j_read_no_new_privs(void)
{
	return read_prctl_value(PR_GET_NO_NEW_PRIVS);
}

int32_t caps4j_read_keep_caps(void)
{
	return read_prctl_value(PR_GET_KEEPCAPS);
}

int32_t caps4j_probe_last_cap(void)
{
	int32_t last = -1;

	for (unsigned long cap = 0; cap < CAPS4J_MASK_BITS; cap++) {
		if (raw_prctl(PR_CAPBSET_READ, cap, 0) < 0) {
			if (errno == EINVAL)
				break;
			return negative_errno();
		}
		last = (int32_t)cap;
	}
	return last >= 0 ? last : -EINVAL;
}
