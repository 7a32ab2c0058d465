/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * The child's environment is built from scratch: PATH is fixed, and a caller's variable is
 * copied only if the policy names it with a pattern its whole value must match:
 *
 *   env = NAME ^PATTERN$
 *
 * A list of dangerous names can never be complete (SHELLOPTS plus PS4 runs a command in bash,
 * OPENSSL_CONF loads an engine, LUA_INIT runs code...), so checking values is the rule. Only
 * LANG, LC_* and TZ may be named without a pattern; they get built-in ones that exclude '/' and
 * "..", i.e. a locale or zone file chosen by the caller. A variable whose value does not match
 * refuses the whole launch rather than quietly running without it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launch.h"

#define LAUNCH_PATH_VALUE "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define LOCALE_PATTERN "^[A-Za-z][A-Za-z0-9_.@-]{0,63}$"
#define ZONE_PATTERN "^[A-Za-z][A-Za-z0-9_+-]{0,31}(/[A-Za-z][A-Za-z0-9_+-]{0,31}){0,2}$"

/* Refused even with a pattern: these change what the program, its loader or its JVM runs. */
static const char *const FORBIDDEN[] = {
    "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "JDK_AOT_VM_OPTIONS", "CLASSPATH",
    "PERL5LIB", "PERL5OPT", "PERLLIB", "PERL5DB", "NODE_OPTIONS", "NODE_PATH", "BASH_ENV", "ENV",
    "IFS", "SHELLOPTS", "BASHOPTS", "PS4", "GCONV_PATH", "LOCPATH", "HOSTALIASES",
    "RESOLV_HOST_CONF", "NLSPATH", "PATH",
};
static const char *const FORBIDDEN_PREFIXES[] = { "LD_", "PYTHON", "GLIBC_", "MALLOC_" };

static int forbidden(const char *name)
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

static int is_locale_name(const char *name)
{
    return strcmp(name, "LANG") == 0 || strcmp(name, "LC_*") == 0
        || (strncmp(name, "LC_", 3) == 0 && name[3] != '\0'
            && strspn(name + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(name + 3));
}

static const char *builtin_pattern(const char *name)
{
    return is_locale_name(name) ? LOCALE_PATTERN : strcmp(name, "TZ") == 0 ? ZONE_PATTERN : NULL;
}

static int is_variable_name(const char *name)
{
    if (strcmp(name, "LC_*") == 0) {
        return 1;
    }
    if (!(isalpha((unsigned char) name[0]) || name[0] == '_')) {
        return 0;
    }
    for (const char *c = name; *c; c++) {
        if (!(isalnum((unsigned char) *c) || *c == '_')) {
            return 0;
        }
    }
    return 1;
}

/* value: "NAME" or "NAME PATTERN" (the pattern runs to the end of the line). */
void launch_env_add(struct launch_policy *policy, const char *value)
{
    if (policy->env_count >= LAUNCH_MAX_LIST) {
        launch_policy_bad("more than %d env entries", LAUNCH_MAX_LIST);
    }
    size_t name_length = strcspn(value, " \t");
    const char *pattern = value + name_length + strspn(value + name_length, " \t");
    char *name = strndup(value, name_length);
    if (name == NULL) {
        launch_policy_bad("out of memory");
    }
    if (!is_variable_name(name)) {
        launch_policy_bad("env '%s' is not a variable name", name);
    }
    if (forbidden(name)) {
        launch_policy_bad("env %s is never forwarded (it changes what the program loads or runs)",
                          name);
    }
    if (pattern[0] == '\0') {
        pattern = builtin_pattern(name);
        if (pattern == NULL) {
            launch_policy_bad("env %s needs a pattern its value must match, e.g. "
                              "'env = %s ^[A-Za-z0-9_.-]{1,64}$' (only LANG, LC_* and TZ have "
                              "built-in ones)", name, name);
        }
    }
    char error[512];
    struct launch_env_rule *rule = &policy->env[policy->env_count];
    if (launch_pattern_compile(&rule->value, pattern, error, sizeof error) != 0) {
        launch_policy_bad("env %s: %s", name, error);
    }
    rule->name = name;
    policy->env_count++;
}

static int rule_covers(const struct launch_env_rule *rule, const char *entry, size_t name_length)
{
    if (strcmp(rule->name, "LC_*") == 0) {
        char name[64];
        if (name_length >= sizeof name) {
            return 0;
        }
        memcpy(name, entry, name_length);
        name[name_length] = '\0';
        return strcmp(name, "LC_*") != 0 && is_locale_name(name) && strcmp(name, "LANG") != 0;
    }
    return strlen(rule->name) == name_length && strncmp(entry, rule->name, name_length) == 0;
}

char **launch_env_build(const struct launch_policy *policy, char **caller_env)
{
    static char *env[LAUNCH_MAX_LIST * 4 + 2];
    int count = 0;
    env[count++] = LAUNCH_PATH_VALUE;
    for (char **entry = caller_env; entry && *entry; entry++) {
        const char *equals = strchr(*entry, '=');
        if (equals == NULL) {
            continue;
        }
        size_t name_length = (size_t) (equals - *entry);
        for (int i = 0; i < policy->env_count; i++) {
            if (!rule_covers(&policy->env[i], *entry, name_length)) {
                continue;
            }
            if (!launch_pattern_matches(&policy->env[i].value, equals + 1)) {
                launch_die("environment variable %.*s: its value does not match the policy's "
                           "pattern %s (unset it or fix it)", (int) name_length, *entry,
                           policy->env[i].value.text);
            }
            if (count < (int) (sizeof env / sizeof env[0]) - 1) {
                env[count++] = *entry;
            }
            break;
        }
    }
    env[count] = NULL;
    return env;
}

void launch_env_describe(const struct launch_policy *policy, char *out, size_t out_size)
{
    size_t used = 0;
    snprintf(out, out_size, "PATH only");
    for (int i = 0; i < policy->env_count && used < out_size; i++) {
        used += (size_t) snprintf(out + used, out_size - used, "%s%s %s", used ? "; " : "",
                                  policy->env[i].name, policy->env[i].value.text);
    }
}
