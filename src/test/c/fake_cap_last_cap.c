/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Test-only LD_PRELOAD library: makes libcap believe the kernel's last capability is
 * $CAPS4J_FAKE_CAP_LAST_CAP, so its text codec can be compared with caps4j's in universes
 * other than the running kernel's.
 *
 * libcap 2.66 finds cap_max_bits() once, when it is loaded, by a binary search over
 * prctl(PR_CAPBSET_READ, n). This prctl answers exactly that question from the variable and
 * hands every other call (and every call when the variable is unset) to the real one.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/prctl.h>

typedef int (*prctl_fn)(int, ...);

int prctl(int option, ...)
{
    va_list args;
    va_start(args, option);
    unsigned long arg2 = va_arg(args, unsigned long);
    unsigned long arg3 = va_arg(args, unsigned long);
    unsigned long arg4 = va_arg(args, unsigned long);
    unsigned long arg5 = va_arg(args, unsigned long);
    va_end(args);

    const char *fake = getenv("CAPS4J_FAKE_CAP_LAST_CAP");
    if (option == PR_CAPBSET_READ && fake != NULL) {
        if (arg2 <= strtoul(fake, NULL, 10)) {
            return 1;
        }
        errno = EINVAL;
        return -1;
    }
    prctl_fn real = (prctl_fn) dlsym(RTLD_NEXT, "prctl");
    if (real == NULL) {
        errno = ENOSYS;
        return -1;
    }
    return real(option, arg2, arg3, arg4, arg5);
}
