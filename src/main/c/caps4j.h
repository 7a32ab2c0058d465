/*
 * caps4j.h - the ABI between libcaps4j.so and the Java binding (org.caps4j.internal).
 *
 * Rules every function here follows, so the Java side never reads errno or calls a variadic:
 *  - fixed-width arguments only;
 *  - the return value is >= 0 on success and -errno on failure;
 *  - results that do not fit the return value go to caller-provided buffers.
 * Changing any signature or struct layout here bumps CAPS4J_ABI_VERSION; Java refuses to use a
 * shim whose version differs from the one it was built for.
 */
#ifndef CAPS4J_H
#define CAPS4J_H

#include <stdint.h>

#define CAPS4J_ABI_VERSION 1

#define CAPS4J_EXPORT __attribute__((visibility("default")))

/* The ABI version this shim was built with. */
CAPS4J_EXPORT int32_t caps4j_abi_version(void);

/* The kernel thread id of the calling thread. Never fails. */
CAPS4J_EXPORT int32_t caps4j_gettid(void);

/*
 * capget(2) with _LINUX_CAPABILITY_VERSION_3 for task `pid` (0 = calling thread).
 * out[6] receives the kernel's layout: {eff_lo, prm_lo, inh_lo, eff_hi, prm_hi, inh_hi}.
 */
CAPS4J_EXPORT int32_t caps4j_capget(int32_t pid, uint32_t out[6]);

/* The calling thread's bounding set as a mask of bits 0..63 (PR_CAPBSET_READ per bit). */
CAPS4J_EXPORT int32_t caps4j_read_bounding(uint64_t *out);

/* The calling thread's ambient set as a mask (PR_CAP_AMBIENT_IS_SET per bit). */
CAPS4J_EXPORT int32_t caps4j_read_ambient(uint64_t *out);

/* prctl(PR_GET_SECUREBITS): the calling thread's securebits, or -errno. */
CAPS4J_EXPORT int32_t caps4j_read_securebits(void);

/* prctl(PR_GET_NO_NEW_PRIVS): 0 or 1, or -errno. */
CAPS4J_EXPORT int32_t caps4j_read_no_new_privs(void);

/* prctl(PR_GET_KEEPCAPS): 0 or 1, or -errno. */
CAPS4J_EXPORT int32_t caps4j_read_keep_caps(void);

/*
 * The highest capability number the running kernel knows, probed with PR_CAPBSET_READ
 * (independent of /proc being mounted), or -errno.
 */
CAPS4J_EXPORT int32_t caps4j_probe_last_cap(void);

#endif
