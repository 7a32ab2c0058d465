/*
 * caps4j-launch: runs one program named by a root-owned policy with exactly the capabilities
 * that policy grants. One header shared by the launcher's files (none of this is the shim's ABI).
 *
 * Every failure ends in launch_die(): one line on stderr, a syslog record, exit 127, no exec.
 */
#ifndef CAPS4J_LAUNCH_H
#define CAPS4J_LAUNCH_H

#include <stdint.h>
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
#define LAUNCH_MAX_LIST 64      /* env and jvm-option entries per policy */
#define LAUNCH_PATH_MAX 4096

enum launch_type { LAUNCH_BINARY, LAUNCH_SCRIPT, LAUNCH_JAR };

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
    int env_count, jvm_option_count;
    char *env[LAUNCH_MAX_LIST];          /* allow-listed variable names */
    char *jvm_option[LAUNCH_MAX_LIST];
};

/* main.c */
_Noreturn void launch_die(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* policy.c: reads the already trusted policy fd; dies on the first error. */
void launch_policy_parse(int fd, const char *name, struct launch_policy *policy);

/* trust.c: opens an absolute path component by component without following symlinks; every
 * directory on the way and the final file must be root-owned and not group/world-writable.
 * want_dir selects a directory instead of a regular file. Returns an O_CLOEXEC fd or dies. */
int launch_open_trusted(const char *path, int want_dir, const char *what);

/* caps.c: capability names, the grant text, security.capability decoding. */
int launch_cap_last(void);
int launch_grant_parse(const char *text, uint64_t *grant, char *error, size_t error_size);
void launch_grant_format(uint64_t grant, char *out, size_t out_size);
void launch_grant_from_file(int fd, const char *path, uint64_t *grant);

/* environ.c: the child's environment, built from scratch. */
int launch_env_forbidden(const char *name);
char **launch_env_build(const struct launch_policy *policy, char **caller_env);

/* creds.c: identity switch and the capability state, verified against the kernel. */
void launch_creds_check_invoker(void);
void launch_creds_apply(const struct launch_policy *policy);

#endif
