/*
 * The child's environment is built from scratch: PATH is fixed, and only the variables the
 * policy allow-lists are copied from the caller. Names that change what a program, its dynamic
 * loader or its interpreter loads are refused even if a policy lists them.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "launch.h"

#define LAUNCH_PATH_VALUE "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *const FORBIDDEN[] = {
    "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JDK_AOT_VM_OPTIONS", "CLASSPATH",
    "PERL5LIB", "PERL5OPT", "PERLLIB", "NODE_OPTIONS", "NODE_PATH", "BASH_ENV", "ENV", "IFS",
    "GCONV_PATH", "TMPDIR", "RUBYOPT", "RUBYLIB", "LOCPATH", "HOSTALIASES", "RESOLV_HOST_CONF",
    "MALLOC_TRACE", "NLSPATH", "PATH",
};
static const char *const FORBIDDEN_PREFIXES[] = { "LD_", "PYTHON", "GLIBC_", "MALLOC_" };

int launch_env_forbidden(const char *name)
{
    for (size_t i = 0; i < sizeof FORBIDDEN / sizeof FORBIDDEN[0]; i++) {
        if (strcmp(name, FORBIDDEN[i]) == 0) {
            return 1;
        }
    }
    for (size_t i = 0; i < sizeof FORBIDDEN_PREFIXES / sizeof FORBIDDEN_PREFIXES[0]; i++) {
        if (strncmp(name, FORBIDDEN_PREFIXES[i], strlen(FORBIDDEN_PREFIXES[i])) == 0) {
            return 1;
        }
    }
    return 0;
}

static const char *caller_value(char **caller_env, const char *name)
{
    size_t length = strlen(name);
    for (char **entry = caller_env; entry && *entry; entry++) {
        if (strncmp(*entry, name, length) == 0 && (*entry)[length] == '=') {
            return *entry;
        }
    }
    return NULL;
}

char **launch_env_build(const struct launch_policy *policy, char **caller_env)
{
    static char *env[LAUNCH_MAX_LIST + 2];
    int count = 0;
    env[count++] = LAUNCH_PATH_VALUE;
    for (int i = 0; i < policy->env_count; i++) {
        const char *entry = caller_value(caller_env, policy->env[i]);
        if (entry != NULL) {
            env[count++] = (char *) entry;
        }
    }
    env[count] = NULL;
    return env;
}
