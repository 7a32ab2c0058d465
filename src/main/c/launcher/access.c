/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Who may run a policy: allow-user and allow-group (repeatable, names or numbers), checked
 * against the caller's real uid, real gid and supplementary groups. A policy names at least one
 * of them: there is no "anyone" default, and "anyone" is written `allow-user = *`. Names are
 * resolved when the policy is read, so a user created later under an allowed name is not let in
 * by a stale policy; an unknown name is an error.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launch.h"

static int parse_number(const char *value, unsigned long *id)
{
    char *end;
    errno = 0;
    *id = strtoul(value, &end, 10);
    return isdigit((unsigned char) value[0]) && *end == '\0' && errno == 0 && *id < 0xffffffffUL;
}

void launch_access_add(struct launch_policy *policy, const char *key, const char *value)
{
    unsigned long id;
    int is_user = strcmp(key, "allow-user") == 0;
    if (strcmp(value, "*") == 0) {
        if (!is_user) {
            launch_policy_bad("allow-group = * is not accepted: write allow-user = * for anyone");
        }
        policy->allow_anyone = 1;
        return;
    }
    int *count = is_user ? &policy->allow_user_count : &policy->allow_group_count;
    if (*count >= LAUNCH_MAX_LIST) {
        launch_policy_bad("more than %d %s entries", LAUNCH_MAX_LIST, key);
    }
    if (is_user) {
        struct passwd *pw = parse_number(value, &id) ? NULL : getpwnam(value);
        if (pw == NULL && !parse_number(value, &id)) {
            launch_policy_bad("allow-user: no such user '%s'", value);
        }
        policy->allow_user[(*count)++] = pw ? pw->pw_uid : (uid_t) id;
    } else {
        struct group *gr = parse_number(value, &id) ? NULL : getgrnam(value);
        if (gr == NULL && !parse_number(value, &id)) {
            launch_policy_bad("allow-group: no such group '%s'", value);
        }
        policy->allow_group[(*count)++] = gr ? gr->gr_gid : (gid_t) id;
    }
}

int launch_access_allows_caller(const struct launch_policy *policy)
{
    if (policy->allow_anyone) {
        return 1;
    }
    uid_t uid = getuid();
    for (int i = 0; i < policy->allow_user_count; i++) {
        if (policy->allow_user[i] == uid) {
            return 1;
        }
    }
    static gid_t groups[LAUNCH_GROUPS_MAX + 1];
    int count = getgroups(LAUNCH_GROUPS_MAX, groups);
    if (count < 0) {
        launch_die("cannot read the caller's groups: %s", strerror(errno));
    }
    groups[count++] = getgid();
    for (int i = 0; i < policy->allow_group_count; i++) {
        for (int g = 0; g < count; g++) {
            if (policy->allow_group[i] == groups[g]) {
                return 1;
            }
        }
    }
    return 0;
}

void launch_access_check_caller(const struct launch_policy *policy)
{
    if (!launch_access_allows_caller(policy)) {
        launch_die("uid %u may not run policy %s (not in its allow-user or allow-group)",
                   (unsigned) getuid(), policy->name);
    }
}

/* "user alice (1001), group ops (1002)" or "anyone (allow-user = *)" */
void launch_access_describe(const struct launch_policy *policy, char *out, size_t out_size)
{
    size_t used = 0;
    out[0] = '\0';
    if (policy->allow_anyone) {
        snprintf(out, out_size, "anyone (allow-user = *)");
        return;
    }
    for (int i = 0; i < policy->allow_user_count && used < out_size; i++) {
        struct passwd *pw = getpwuid(policy->allow_user[i]);
        used += (size_t) snprintf(out + used, out_size - used, "%suser %s (%u)", used ? ", " : "",
                                  pw ? pw->pw_name : "?", (unsigned) policy->allow_user[i]);
    }
    for (int i = 0; i < policy->allow_group_count && used < out_size; i++) {
        struct group *gr = getgrgid(policy->allow_group[i]);
        used += (size_t) snprintf(out + used, out_size - used, "%sgroup %s (%u)", used ? ", " : "",
                                  gr ? gr->gr_name : "?", (unsigned) policy->allow_group[i]);
    }
}
