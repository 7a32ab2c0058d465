/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * caps4j-launch NAME [ARGS...]: the steps, in order. Any failure exits 127 before exec with one
 * line on stderr (and a syslog record); nothing here prompts, retries or falls back.
 * caps4j-launch --check NAME and --list are in modes.c.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "launch.h"

/* glibc already fills closed 0-2 of a file-cap (AT_SECURE) program, with a write-only
 * /dev/full as fd 0; that one is replaced too, so the payload reads EOF rather than EBADF. */
static int is_glibc_stdin_filler(int fd)
{
    struct stat st;
    int flags = fcntl(fd, F_GETFL);
    return fd == 0 && flags >= 0 && (flags & O_ACCMODE) == O_WRONLY && fstat(fd, &st) == 0
        && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 7);
}

static void keep_standard_fds_open(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        int closed = fcntl(fd, F_GETFD) < 0 && errno == EBADF;
        if (closed || is_glibc_stdin_filler(fd)) {
            int null = open("/dev/null", O_RDWR | O_CLOEXEC);
            if (null < 0 || (null != fd && (dup2(null, fd) != fd || close(null) != 0))) {
                _exit(LAUNCH_EXIT_FAILURE); /* cannot even report it: stderr may be what failed */
            }
            if (null == fd && fcntl(fd, F_SETFD, 0) != 0) {
                _exit(LAUNCH_EXIT_FAILURE);
            }
        }
    }
}

void launch_check_name(const char *name)
{
    size_t length = strlen(name);
    int ok = length > 0 && length < 65 && name[0] != '.' && name[0] != '-';
    for (size_t i = 0; ok && i < length; i++) {
        ok = isalnum((unsigned char) name[i]) || strchr("._-", name[i]) != NULL;
    }
    if (!ok) {
        launch_die("'%s' is not a policy name (letters, digits, '.', '_', '-'; at most 64)", name);
    }
}

void launch_load(const char *name, struct launch_policy *policy, int check_caller,
                 int *program_fd, int *interpreter_fd)
{
    launch_check_name(name);
    snprintf(policy->name, sizeof policy->name, "%s", name);
    char policy_path[LAUNCH_PATH_MAX];
    if ((size_t) snprintf(policy_path, sizeof policy_path, "%s/%s.conf", LAUNCH_POLICY_DIR,
                          name) >= sizeof policy_path) {
        launch_die("policy path too long");
    }
    int policy_fd = launch_open_trusted(policy_path, 0, "policy");
    launch_policy_parse(policy_fd, policy->name, policy);
    close(policy_fd);
    if (check_caller) {
        /* Before any file named by the policy is opened or parsed for a caller it excludes. */
        launch_access_check_caller(policy);
    }

    *program_fd = launch_open_trusted(policy->program, 0, "program");
    *interpreter_fd = -1;
    if (policy->type == LAUNCH_BINARY) {
        launch_refuse_shebang(*program_fd, policy->program, "program",
                              "use type = script with that interpreter");
    } else {
        *interpreter_fd = launch_open_trusted(policy->interpreter, 0, "interpreter");
        launch_refuse_shebang(*interpreter_fd, policy->interpreter, "interpreter",
                              "name the binary interpreter itself");
    }
    if (policy->type == LAUNCH_JAR) {
        launch_jar_check(*program_fd, policy->program);
    }
    if (policy->grant_from_file) {
        launch_grant_from_file(*program_fd, policy->program, &policy->grant);
    }
}

static char **build_argv(const struct launch_policy *policy, int program_fd, int argc, char **argv)
{
    static char program_path[32];
    snprintf(program_path, sizeof program_path, "/proc/self/fd/%d", program_fd);
    char **out = calloc((size_t) argc + LAUNCH_MAX_LIST + 8, sizeof *out);
    if (out == NULL) {
        launch_die("out of memory");
    }
    int n = 0;
    if (policy->type == LAUNCH_BINARY) {
        out[n++] = (char *) policy->program;
    } else {
        out[n++] = (char *) policy->interpreter;
        if (policy->type == LAUNCH_JAR) {
            for (int i = 0; i < policy->jvm_option_count; i++) {
                out[n++] = policy->jvm_option[i];
            }
            /* After the policy's options, so that these win. */
            out[n++] = "-XX:+DisableAttachMechanism";
            out[n++] = "-XX:-UsePerfData";
            out[n++] = "-jar";
        }
        out[n++] = program_path;
    }
    for (int i = 2; i < argc; i++) {
        out[n++] = argv[i];
    }
    out[n] = NULL;
    return out;
}

int main(int argc, char **argv, char **envp)
{
    uid_t invoker = getuid();
    keep_standard_fds_open();
    launch_log_open(invoker);
    /* Linux >= 5.18 turns an empty argv into { "", NULL }: refuse that as well. */
    if (argc < 1 || argv[0] == NULL || argv[0][0] == '\0') {
        launch_die("refusing to run with argc 0 (empty argv)");
    }
    launch_creds_check_invoker();
    if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
        launch_die("cannot close inherited file descriptors: %s", strerror(errno));
    }
    if (argc < 2) {
        launch_die("usage: caps4j-launch NAME [ARGS...] | --list | --check NAME (policies in %s)",
                   LAUNCH_POLICY_DIR);
    }
    if (strcmp(argv[1], "--list") == 0 && argc == 2) {
        return launch_mode_list();
    }
    if (strcmp(argv[1], "--check") == 0 && argc == 3) {
        return launch_mode_check(argv[2]);
    }
    static struct launch_policy policy;
    int program_fd, interpreter_fd;
    launch_load(argv[1], &policy, 1, &program_fd, &interpreter_fd);
    launch_args_check(&policy, argc - 2, argv + 2);
    int directory_fd = launch_open_trusted(policy.directory, 1, "directory");
    char **child_env = launch_env_build(&policy, envp);
    char **child_argv = build_argv(&policy, program_fd, argc, argv);

    launch_process_reset(&policy);
    if (fchdir(directory_fd) != 0) {
        launch_die("cannot change to %s: %s", policy.directory, strerror(errno));
    }
    close(directory_fd);
    launch_creds_apply(&policy);

    /* Only 0-2 and the program's fd cross the exec (the latter as /proc/self/fd/N). */
    if (syscall(SYS_close_range, 3U, ~0U, (unsigned) CLOSE_RANGE_CLOEXEC) != 0
        || fcntl(program_fd, F_SETFD, 0) != 0) {
        launch_die("cannot prepare file descriptors: %s", strerror(errno));
    }
    launch_log_run(&policy, argc - 2, argv + 2);
    closelog();
    int exec_fd = interpreter_fd >= 0 ? interpreter_fd : program_fd;
    syscall(SYS_execveat, exec_fd, "", child_argv, child_env, AT_EMPTY_PATH);
    launch_die("cannot execute %s: %s",
               interpreter_fd >= 0 ? policy.interpreter : policy.program, strerror(errno));
}
