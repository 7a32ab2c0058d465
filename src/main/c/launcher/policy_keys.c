/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * The policy's keys, one handler each. Single keys may be given once; repeatable keys
 * (allow-user, allow-group, arg, env, jvm-option) at most LAUNCH_MAX_LIST times.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launch.h"

static void set_path(char *field, const char *key, const char *value)
{
    if (field[0] != '\0') {
        launch_policy_bad("%s given twice", key);
    }
    if (value[0] != '/' || strlen(value) >= LAUNCH_PATH_MAX) {
        launch_policy_bad("%s must be an absolute path", key);
    }
    strcpy(field, value);
}

static unsigned long parse_id(const char *value, int *ok)
{
    char *end;
    errno = 0;
    unsigned long id = strtoul(value, &end, 10);
    *ok = isdigit((unsigned char) value[0]) && *end == '\0' && errno == 0 && id < 0xffffffffUL;
    return id;
}

static void set_type(struct launch_policy *policy, const char *value, int *seen_type)
{
    if ((*seen_type)++) {
        launch_policy_bad("type given twice");
    }
    if (strcmp(value, "binary") == 0) {
        policy->type = LAUNCH_BINARY;
    } else if (strcmp(value, "script") == 0) {
        policy->type = LAUNCH_SCRIPT;
    } else if (strcmp(value, "jar") == 0) {
        policy->type = LAUNCH_JAR;
    } else {
        launch_policy_bad("type must be binary, script or jar, not '%s'", value);
    }
}

static void set_caps(struct launch_policy *policy, const char *value)
{
    if (policy->grant != 0 || policy->grant_from_file) {
        launch_policy_bad("caps given twice");
    }
    char error[256];
    if (strcmp(value, "from-file") == 0) {
        policy->grant_from_file = 1;
    } else if (launch_grant_parse(value, &policy->grant, error, sizeof error) != 0) {
        launch_policy_bad("caps: %s", error);
    }
}

static void set_user(struct launch_policy *policy, const char *value)
{
    int ok;
    if (policy->has_user++) {
        launch_policy_bad("user given twice");
    }
    unsigned long id = parse_id(value, &ok);
    struct passwd *pw = ok ? getpwuid((uid_t) id) : getpwnam(value);
    if (pw == NULL && !ok) {
        launch_policy_bad("no such user '%s'", value);
    }
    policy->uid = pw ? pw->pw_uid : (uid_t) id;
    if (!policy->has_group) {
        policy->gid = pw ? pw->pw_gid : (gid_t) id;
    }
}

static void set_group(struct launch_policy *policy, const char *value)
{
    int ok;
    if (policy->has_group++) {
        launch_policy_bad("group given twice");
    }
    unsigned long id = parse_id(value, &ok);
    struct group *gr = ok ? NULL : getgrnam(value);
    if (!ok && gr == NULL) {
        launch_policy_bad("no such group '%s'", value);
    }
    policy->gid = ok ? (gid_t) id : gr->gr_gid;
}

static void set_umask(struct launch_policy *policy, const char *value)
{
    if (policy->has_umask++) {
        launch_policy_bad("umask given twice");
    }
    size_t length = strlen(value);
    int ok = length >= 3 && length <= 4 && strspn(value, "01234567") == length;
    unsigned long mask = ok ? strtoul(value, NULL, 8) : 0;
    if (!ok || mask > 0777) {
        launch_policy_bad("umask must be octal like 022 or 0027, not '%s'", value);
    }
    policy->umask = (mode_t) mask;
}

static void add_jvm_option(struct launch_policy *policy, const char *value)
{
    if (value[0] != '-') {
        launch_policy_bad("jvm-option '%s' must start with '-'", value);
    }
    if (policy->jvm_option_count >= LAUNCH_MAX_LIST) {
        launch_policy_bad("more than %d jvm-option entries", LAUNCH_MAX_LIST);
    }
    policy->jvm_option[policy->jvm_option_count] = strdup(value);
    if (policy->jvm_option[policy->jvm_option_count++] == NULL) {
        launch_policy_bad("out of memory");
    }
}

void launch_policy_key(struct launch_policy *policy, const char *key, const char *value,
                       int *seen_type)
{
    if (strcmp(key, "type") == 0) {
        set_type(policy, value, seen_type);
    } else if (strcmp(key, "program") == 0) {
        set_path(policy->program, key, value);
    } else if (strcmp(key, "interpreter") == 0) {
        set_path(policy->interpreter, key, value);
    } else if (strcmp(key, "directory") == 0) {
        set_path(policy->directory, key, value);
    } else if (strcmp(key, "caps") == 0) {
        set_caps(policy, value);
    } else if (strcmp(key, "user") == 0) {
        set_user(policy, value);
    } else if (strcmp(key, "group") == 0) {
        set_group(policy, value);
    } else if (strcmp(key, "allow-user") == 0 || strcmp(key, "allow-group") == 0) {
        launch_access_add(policy, key, value);
    } else if (strcmp(key, "args") == 0 || strcmp(key, "arg") == 0) {
        launch_args_set(policy, key, value);
    } else if (strcmp(key, "env") == 0) {
        launch_env_add(policy, value);
    } else if (strcmp(key, "jvm-option") == 0) {
        add_jvm_option(policy, value);
    } else if (strcmp(key, "umask") == 0) {
        set_umask(policy, value);
    } else if (strncmp(key, "limit-", 6) == 0) {
        launch_limit_set(policy, key, value);
    } else {
        launch_policy_bad("unknown key '%s' (known: type, program, interpreter, caps, user, group, "
                          "allow-user, allow-group, args, arg, env, directory, umask, limit-fsize, "
                          "limit-as, limit-nofile, jvm-option)", key);
    }
}
