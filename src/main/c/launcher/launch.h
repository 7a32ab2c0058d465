/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * caps4j-launch: runs one program named by a root-owned policy with exactly the capabilities
 * that policy grants, for the users it names, with the arguments it allows. One header shared by
 * the launcher's files (none of this is the shim's ABI).
 *
 * Every failure ends in launch_die(): one line on stderr, a syslog record, exit 127, no exec.
 */
#ifndef CAPS4J_LAUNCH_H
#define CAPS4J_LAUNCH_H

#include <regex.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* The policy directory is fixed at build time: -DCAPS4J_LAUNCH_POLICY_DIR=/some/dir (no quotes:
 * it is stringified here; gnu11 predefines `linux` and `unix`, which would be expanded in it). */
#undef linux
#undef unix
#define LAUNCH_STR2(x) #x
#define LAUNCH_STR(x) LAUNCH_STR2(x)
#ifdef CAPS4J_LAUNCH_POLICY_DIR
#define LAUNCH_POLICY_DIR LAUNCH_STR(CAPS4J_LAUNCH_POLICY_DIR)
#else
#define LAUNCH_POLICY_DIR "/etc/caps4j/launch.d"
#endif

#define LAUNCH_EXIT_FAILURE 127
#define LAUNCH_MAX_LIST 64      /* entries per repeatable key */
#define LAUNCH_PATH_MAX 4096
#define LAUNCH_GROUPS_MAX 65536 /* the kernel's NGROUPS_MAX */

enum launch_type { LAUNCH_BINARY, LAUNCH_SCRIPT, LAUNCH_JAR };
enum launch_args { LAUNCH_ARGS_NONE, LAUNCH_ARGS_ANY, LAUNCH_ARGS_PATTERNS };

/* A whole-value POSIX extended regular expression, written anchored (^...$) in the policy. */
struct launch_pattern {
    char *text;
    regex_t regex;
};

/* env = NAME [PATTERN]: the caller's NAME is forwarded only if its whole value matches. */
struct launch_env_rule {
    char *name;                          /* a variable name, or "LC_*" for every LC_ variable */
    struct launch_pattern value;
};

struct launch_policy {
    char name[65];
    enum launch_type type;
    char program[LAUNCH_PATH_MAX];
    char interpreter[LAUNCH_PATH_MAX];   /* empty for a binary */
    char directory[LAUNCH_PATH_MAX];     /* "/" unless the policy says otherwise */
    int grant_from_file;                 /* caps = from-file */
    uint64_t grant;                      /* caps = list (or, after pinning, the file's fI) */
    int has_user, has_group;
    uid_t uid;
    gid_t gid;
    int allow_anyone;                    /* allow-user = * */
    int allow_user_count, allow_group_count;
    uid_t allow_user[LAUNCH_MAX_LIST];
    gid_t allow_group[LAUNCH_MAX_LIST];
    int seen_args;
    enum launch_args args;               /* default: none */
    int arg_count;
    struct launch_pattern arg[LAUNCH_MAX_LIST];
    int env_count, jvm_option_count;
    struct launch_env_rule env[LAUNCH_MAX_LIST];
    char *jvm_option[LAUNCH_MAX_LIST];
    int has_umask;
    mode_t umask;                        /* default 022 */
    int has_limit[3];                    /* fsize, as, nofile: see process.c */
    rlim_t limit[3];
};

/* log.c: one refusal line on stderr and in syslog; caller-supplied text is escaped. */
extern int launch_quiet;                 /* --list: a broken policy is skipped, not reported */
_Noreturn void launch_die(const char *format, ...) __attribute__((format(printf, 1, 2)));
void launch_escape(const char *in, char *out, size_t out_size);
void launch_log_open(uid_t invoker);
void launch_log_run(const struct launch_policy *policy, int argc, char **argv);

/* policy.c: reads the already trusted policy fd; dies on the first error, naming file and line. */
void launch_policy_parse(int fd, const char *name, struct launch_policy *policy);
_Noreturn void launch_policy_bad(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* policy_keys.c: one "key = value" of the policy. */
void launch_policy_key(struct launch_policy *policy, const char *key, const char *value,
                       int *seen_type);

/* pattern.c: anchored patterns; compile returns 0, or -1 with a message in error. */
int launch_pattern_compile(struct launch_pattern *pattern, const char *text, char *error,
                           size_t error_size);
int launch_pattern_matches(const struct launch_pattern *pattern, const char *value);

/* access.c: who may run a policy (allow-user, allow-group). */
void launch_access_add(struct launch_policy *policy, const char *key, const char *value);
int launch_access_allows_caller(const struct launch_policy *policy);
void launch_access_check_caller(const struct launch_policy *policy);
void launch_access_describe(const struct launch_policy *policy, char *out, size_t out_size);

/* args.c: what the caller may pass (args = none|any, arg = PATTERN per position). */
void launch_args_set(struct launch_policy *policy, const char *key, const char *value);
void launch_args_check(const struct launch_policy *policy, int count, char **args);

/* trust.c: opens an absolute path component by component without following symlinks; every
 * directory on the way and the final file must be root-owned and not group/world-writable.
 * want_dir selects a directory instead of a regular file. Returns an O_CLOEXEC fd or dies. */
int launch_open_trusted(const char *path, int want_dir, const char *what);
/* Refuses a file that starts with "#!" (the kernel would run an interpreter no one checked). */
void launch_refuse_shebang(int fd, const char *path, const char *what, const char *advice);

/* jar.c: the manifest of a zip/jar file (NUL-terminated, malloc'd) or NULL if it has none. */
char *launch_jar_manifest(int fd, const char *path);
/* manifest.c: refuses manifest attributes that load code from unchecked places. */
void launch_jar_check(int fd, const char *path);

/* caps.c: capability names, the grant text, security.capability decoding. */
int launch_cap_last(void);
int launch_grant_parse(const char *text, uint64_t *grant, char *error, size_t error_size);
void launch_grant_format(uint64_t grant, char *out, size_t out_size);
void launch_grant_from_file(int fd, const char *path, uint64_t *grant);

/* environ.c: the child's environment, built from scratch. */
void launch_env_add(struct launch_policy *policy, const char *value);
char **launch_env_build(const struct launch_policy *policy, char **caller_env);
void launch_env_describe(const struct launch_policy *policy, char *out, size_t out_size);

/* process.c: signals, umask and resource limits of the process that will exec. */
void launch_limit_set(struct launch_policy *policy, const char *key, const char *value);
void launch_process_reset(const struct launch_policy *policy);
void launch_process_describe(const struct launch_policy *policy, char *out, size_t out_size);

/* creds.c: identity switch and the capability state, verified against the kernel. */
void launch_creds_check_invoker(void);
void launch_creds_apply(const struct launch_policy *policy);

/* main.c: shared with modes.c. */
void launch_check_name(const char *name);
/* Opens and parses NAME's policy, checks the caller if asked, then opens and checks its program
 * and interpreter (returned as fds; the interpreter's is -1 for a binary). */
void launch_load(const char *name, struct launch_policy *policy, int check_caller,
                 int *program_fd, int *interpreter_fd);

/* modes.c: caps4j-launch --check NAME (root) and --list. */
int launch_mode_check(const char *name);
int launch_mode_list(void);

#endif
