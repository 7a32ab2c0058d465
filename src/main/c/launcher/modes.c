/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * caps4j-launch --check NAME: for root, validates a policy exactly as a launch would (policy,
 * program, interpreter, jar manifest, directory) and prints what it grants to whom.
 * caps4j-launch --list: the policies the caller may run, one per line. Each policy is read in a
 * child process, so a broken one is skipped (run --check on it) instead of ending the list.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"

static const char *type_name(enum launch_type type)
{
    return type == LAUNCH_BINARY ? "binary" : type == LAUNCH_SCRIPT ? "script" : "jar";
}

static void describe_args(const struct launch_policy *policy, char *out, size_t out_size)
{
    if (policy->args != LAUNCH_ARGS_PATTERNS) {
        snprintf(out, out_size, "%s", policy->args == LAUNCH_ARGS_ANY ? "any" : "none");
        return;
    }
    size_t used = (size_t) snprintf(out, out_size, "exactly %d:", policy->arg_count);
    for (int i = 0; i < policy->arg_count && used < out_size; i++) {
        used += (size_t) snprintf(out + used, out_size - used, " %d %s", i + 1,
                                  policy->arg[i].text);
    }
}

int launch_mode_check(const char *name)
{
    if (getuid() != 0) {
        launch_die("--check is for root (it reads every file a policy names)");
    }
    static struct launch_policy policy;
    int program_fd, interpreter_fd;
    launch_load(name, &policy, 0, &program_fd, &interpreter_fd);
    close(launch_open_trusted(policy.directory, 1, "directory"));
    static char grant[1024], who[8192], args[8192], env[8192], process[256];
    launch_grant_format(policy.grant, grant, sizeof grant);
    launch_access_describe(&policy, who, sizeof who);
    describe_args(&policy, args, sizeof args);
    launch_env_describe(&policy, env, sizeof env);
    launch_process_describe(&policy, process, sizeof process);
    printf("policy %s: ok (%s/%s.conf)\n", policy.name, LAUNCH_POLICY_DIR, policy.name);
    printf("  runs:        %s %s%s%s\n", type_name(policy.type), policy.program,
           policy.interpreter[0] ? " with " : "", policy.interpreter);
    printf("  grants:      %s\n", grant);
    if (policy.has_user || policy.has_group) {
        printf("  as:          uid %u gid %u\n",
               policy.has_user ? (unsigned) policy.uid : (unsigned) -1, (unsigned) policy.gid);
    } else {
        printf("  as:          the caller's uid and gid\n");
    }
    printf("  allowed:     %s\n", who);
    printf("  arguments:   %s\n", args);
    printf("  environment: %s\n", env);
    printf("  directory:   %s\n", policy.directory);
    printf("  process:     %s\n", process);
    for (int i = 0; i < policy.jvm_option_count; i++) {
        printf("  jvm-option:  %s\n", policy.jvm_option[i]);
    }
    return fflush(stdout) == 0 ? 0 : LAUNCH_EXIT_FAILURE;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* In a child: prints NAME's line if the caller may run it; any problem exits quietly. */
static void list_one(const char *name)
{
    static struct launch_policy policy;
    char path[LAUNCH_PATH_MAX], grant[1024];
    launch_quiet = 1;
    launch_check_name(name);
    snprintf(policy.name, sizeof policy.name, "%s", name);
    snprintf(path, sizeof path, "%s/%s.conf", LAUNCH_POLICY_DIR, name);
    launch_policy_parse(launch_open_trusted(path, 0, "policy"), name, &policy);
    if (launch_access_allows_caller(&policy)) {
        launch_grant_format(policy.grant, grant, sizeof grant);
        printf("%s: %s %s, grants %s\n", name, type_name(policy.type), policy.program,
               policy.grant_from_file ? "the program's inheritable file caps" : grant);
    }
    fflush(stdout);
    _exit(0);
}

int launch_mode_list(void)
{
    int dir_fd = launch_open_trusted(LAUNCH_POLICY_DIR, 1, "policy directory");
    int read_fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = read_fd < 0 ? NULL : fdopendir(read_fd);
    if (dir == NULL) {
        launch_die("cannot list %s: %s", LAUNCH_POLICY_DIR, strerror(errno));
    }
    static char *names[4096];
    size_t count = 0;
    for (struct dirent *entry; (entry = readdir(dir)) != NULL && count < 4096;) {
        size_t length = strlen(entry->d_name);
        if (length > 5 && length <= 64 + 5 && strcmp(entry->d_name + length - 5, ".conf") == 0) {
            names[count++] = strndup(entry->d_name, length - 5);
        }
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], by_name);
    fflush(stdout);
    for (size_t i = 0; i < count; i++) {
        pid_t child = fork();
        if (child == 0) {
            list_one(names[i]);
        }
        int status;
        if (child < 0 || waitpid(child, &status, 0) != child) {
            launch_die("cannot read policy %s: %s", names[i], strerror(errno));
        }
    }
    return 0;
}
