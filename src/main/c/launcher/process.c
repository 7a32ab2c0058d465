/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * The process state a caller could otherwise hand to the privileged program: signal mask and
 * dispositions, umask and resource limits. A caller who lowers RLIMIT_FSIZE can make the program
 * write half a file, RLIMIT_NOFILE or RLIMIT_AS make it fail where it never fails otherwise;
 * such half-done runs are what privileged code handles worst. So the policy's limits (or the
 * defaults below) are set as both soft and hard limits. The launcher never raises a hard limit
 * (that needs cap_sys_resource, which it does not use): a caller whose hard limit is lower is
 * refused, with the limit named.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "launch.h"

static const struct {
    const char *key;
    int resource;
    const char *name;
    const char *unit;
    rlim_t fallback;
} LIMITS[3] = {
    { "limit-fsize", RLIMIT_FSIZE, "RLIMIT_FSIZE (ulimit -f)", "bytes", RLIM_INFINITY },
    { "limit-as", RLIMIT_AS, "RLIMIT_AS (ulimit -v)", "bytes", RLIM_INFINITY },
    { "limit-nofile", RLIMIT_NOFILE, "RLIMIT_NOFILE (ulimit -n)", "files", 1024 },
};

/* limit-fsize = 100M, limit-as = unlimited, limit-nofile = 4096 (K, M, G: powers of 1024) */
void launch_limit_set(struct launch_policy *policy, const char *key, const char *value)
{
    for (int i = 0; i < 3; i++) {
        if (strcmp(key, LIMITS[i].key) != 0) {
            continue;
        }
        if (policy->has_limit[i]++) {
            launch_policy_bad("%s given twice", key);
        }
        if (strcmp(value, "unlimited") == 0 && LIMITS[i].resource != RLIMIT_NOFILE) {
            policy->limit[i] = RLIM_INFINITY;
            return;
        }
        char *end;
        errno = 0;
        unsigned long long number = strtoull(value, &end, 10);
        unsigned shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
        if (shift != 0 && LIMITS[i].resource != RLIMIT_NOFILE) {
            end++;
        }
        if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno != 0 || number == 0
            || number > (1ULL << 50)) {
            launch_policy_bad("%s must be a positive number%s, not '%s'", key,
                              LIMITS[i].resource == RLIMIT_NOFILE ? ""
                              : " (suffix K, M or G) or unlimited", value);
        }
        policy->limit[i] = (rlim_t) (number << shift);
        return;
    }
    launch_policy_bad("unknown key '%s' (limits: limit-fsize, limit-as, limit-nofile)", key);
}

static rlim_t limit_of(const struct launch_policy *policy, int i)
{
    return policy->has_limit[i] ? policy->limit[i] : LIMITS[i].fallback;
}

static void reset_signals(void)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) {
            continue;
        }
        if (sigaction(sig, &dfl, NULL) != 0 && !(errno == EINVAL && sig >= 32 && sig < SIGRTMIN)) {
            launch_die("cannot reset signal %d: %s", sig, strerror(errno));
        }
    }
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, NULL) != 0) {
        launch_die("cannot reset the signal mask: %s", strerror(errno));
    }
}

void launch_process_reset(const struct launch_policy *policy)
{
    reset_signals();
    umask(policy->umask);
    struct rlimit no_core = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &no_core) != 0) {
        launch_die("cannot set RLIMIT_CORE to 0: %s", strerror(errno));
    }
    for (int i = 0; i < 3; i++) {
        rlim_t want = limit_of(policy, i);
        struct rlimit now, set = { want, want };
        if (getrlimit(LIMITS[i].resource, &now) != 0) {
            launch_die("cannot read %s: %s", LIMITS[i].key, strerror(errno));
        }
        if (now.rlim_max != RLIM_INFINITY && (want == RLIM_INFINITY || now.rlim_max < want)) {
            launch_die("the caller's hard limit %s is %llu %s, below policy %s's %s: refused "
                       "(the launcher never raises a hard limit)", LIMITS[i].name,
                       (unsigned long long) now.rlim_max, LIMITS[i].unit, policy->name,
                       LIMITS[i].key);
        }
        if (setrlimit(LIMITS[i].resource, &set) != 0) {
            launch_die("cannot set %s: %s", LIMITS[i].key, strerror(errno));
        }
    }
}

void launch_process_describe(const struct launch_policy *policy, char *out, size_t out_size)
{
    size_t used = (size_t) snprintf(out, out_size, "umask %03o", (unsigned) policy->umask);
    for (int i = 0; i < 3 && used < out_size; i++) {
        rlim_t value = limit_of(policy, i);
        used += value == RLIM_INFINITY
            ? (size_t) snprintf(out + used, out_size - used, ", %s unlimited", LIMITS[i].key)
            : (size_t) snprintf(out + used, out_size - used, ", %s %llu", LIMITS[i].key,
                                (unsigned long long) value);
    }
}
