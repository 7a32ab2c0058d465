/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * The caller's arguments. `args = none` (the default) takes none, `args = any` passes whatever
 * the caller gives, and `arg = ^PATTERN$` lines pin the arguments by position: the caller must
 * give exactly that many, each matching its pattern. A checked argument never contains a ".."
 * path component, whatever its pattern says: `^/srv/data(/[A-Za-z0-9._-]+)*$` reads like "under
 * /srv/data" and would otherwise also match /srv/data/../../root/secret.
 */
#define _GNU_SOURCE
#include <string.h>

#include "launch.h"

void launch_args_set(struct launch_policy *policy, const char *key, const char *value)
{
    if (strcmp(key, "args") == 0) {
        if (policy->seen_args++) {
            launch_policy_bad("args given twice");
        }
        if (strcmp(value, "none") == 0) {
            policy->args = LAUNCH_ARGS_NONE;
        } else if (strcmp(value, "any") == 0) {
            policy->args = LAUNCH_ARGS_ANY;
        } else {
            launch_policy_bad("args must be none or any (pin arguments with arg = ^PATTERN$ lines)");
        }
        return;
    }
    if (policy->arg_count >= LAUNCH_MAX_LIST) {
        launch_policy_bad("more than %d arg entries", LAUNCH_MAX_LIST);
    }
    char error[512];
    if (launch_pattern_compile(&policy->arg[policy->arg_count], value, error, sizeof error) != 0) {
        launch_policy_bad("arg %d: %s", policy->arg_count + 1, error);
    }
    policy->arg_count++;
}

static int has_dotdot_component(const char *value)
{
    for (const char *c = value; (c = strstr(c, "..")) != NULL; c += 2) {
        int starts = c == value || c[-1] == '/';
        int ends = c[2] == '\0' || c[2] == '/';
        if (starts && ends) {
            return 1;
        }
    }
    return 0;
}

void launch_args_check(const struct launch_policy *policy, int count, char **args)
{
    switch (policy->args) {
    case LAUNCH_ARGS_ANY:
        return;
    case LAUNCH_ARGS_NONE:
        if (count != 0) {
            launch_die("policy %s takes no arguments (args = none), %d given", policy->name, count);
        }
        return;
    case LAUNCH_ARGS_PATTERNS:
        if (count != policy->arg_count) {
            launch_die("policy %s takes exactly %d argument%s, %d given", policy->name,
                       policy->arg_count, policy->arg_count == 1 ? "" : "s", count);
        }
        for (int i = 0; i < count; i++) {
            if (has_dotdot_component(args[i])) {
                launch_die("argument %d contains a '..' component (never accepted)", i + 1);
            }
            if (!launch_pattern_matches(&policy->arg[i], args[i])) {
                launch_die("argument %d does not match the policy's pattern %s", i + 1,
                           policy->arg[i].text);
            }
        }
        return;
    }
}
