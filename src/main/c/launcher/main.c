/*
 * caps4j-launch NAME [ARGS...]: the steps, in order. Any failure exits 127 before exec with one
 * line on stderr (and a syslog record); nothing here prompts, retries or falls back.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "launch.h"

static uid_t invoker_uid;

_Noreturn void launch_die(const char *format, ...)
{
    char message[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    dprintf(STDERR_FILENO, "caps4j-launch: %s\n", message);
    syslog(LOG_AUTHPRIV | LOG_WARNING, "refused for uid %u: %s", (unsigned) invoker_uid, message);
    _exit(LAUNCH_EXIT_FAILURE);
}

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

static void check_name(const char *name)
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
    invoker_uid = getuid();
    /* Linux >= 5.18 turns an empty argv into { "", NULL }: refuse that as well. */
    if (argc < 1 || argv[0] == NULL || argv[0][0] == '\0') {
        keep_standard_fds_open();
        launch_die("refusing to run with argc 0 (empty argv)");
    }
    invoker_uid = getuid();
    keep_standard_fds_open();
    launch_creds_check_invoker();
    if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
        launch_die("cannot close inherited file descriptors: %s", strerror(errno));
    }
    openlog("caps4j-launch", LOG_PID, LOG_AUTHPRIV);
    if (argc < 2) {
        launch_die("usage: caps4j-launch NAME [ARGS...] (policies in %s)", LAUNCH_POLICY_DIR);
    }
    static struct launch_policy policy;
    check_name(argv[1]);
    snprintf(policy.name, sizeof policy.name, "%s", argv[1]);
    char policy_path[LAUNCH_PATH_MAX];
    if ((size_t) snprintf(policy_path, sizeof policy_path, "%s/%s.conf", LAUNCH_POLICY_DIR,
                          argv[1]) >= sizeof policy_path) {
        launch_die("policy path too long");
    }
    int policy_fd = launch_open_trusted(policy_path, 0, "policy");
    launch_policy_parse(policy_fd, policy.name, &policy);
    close(policy_fd);

    int program_fd = launch_open_trusted(policy.program, 0, "program");
    int interpreter_fd = policy.type == LAUNCH_BINARY
        ? -1 : launch_open_trusted(policy.interpreter, 0, "interpreter");
    int directory_fd = launch_open_trusted(policy.directory, 1, "directory");
    if (policy.grant_from_file) {
        launch_grant_from_file(program_fd, policy.program, &policy.grant);
    }
    char **child_env = launch_env_build(&policy, envp);
    char **child_argv = build_argv(&policy, program_fd, argc, argv);

    reset_signals();
    struct rlimit no_core = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &no_core) != 0) {
        launch_die("cannot set RLIMIT_CORE to 0: %s", strerror(errno));
    }
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
    char granted[1024];
    launch_grant_format(policy.grant, granted, sizeof granted);
    syslog(LOG_AUTHPRIV | LOG_NOTICE, "uid %u runs policy %s: program %s%s%s, uid %u gid %u, grant %s",
           (unsigned) invoker_uid, policy.name, policy.program,
           interpreter_fd >= 0 ? " with " : "", interpreter_fd >= 0 ? policy.interpreter : "",
           (unsigned) getuid(), (unsigned) getgid(), granted);
    closelog();
    int exec_fd = interpreter_fd >= 0 ? interpreter_fd : program_fd;
    syscall(SYS_execveat, exec_fd, "", child_argv, child_env, AT_EMPTY_PATH);
    launch_die("cannot execute %s: %s",
               interpreter_fd >= 0 ? policy.interpreter : policy.program, strerror(errno));
}
