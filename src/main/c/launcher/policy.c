/*
 * The policy parser. One "key = value" per line, '#' starts a comment line, blank lines are
 * ignored; unknown keys, repeated single keys, control characters and missing required keys are
 * errors. The caller has already opened the file through launch_open_trusted().
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launch.h"

#define POLICY_MAX_BYTES 65536

static const char *policy_name;
static int line_number;

#define BAD(...) bad(__VA_ARGS__)
__attribute__((format(printf, 1, 2))) _Noreturn static void bad(const char *format, ...);

static void bad(const char *format, ...)
{
    char message[512];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if (line_number > 0) {
        launch_die("policy %s/%s.conf line %d: %s", LAUNCH_POLICY_DIR, policy_name, line_number,
                   message);
    }
    launch_die("policy %s/%s.conf: %s", LAUNCH_POLICY_DIR, policy_name, message);
}

static void set_path(char *field, const char *key, const char *value)
{
    if (field[0] != '\0') {
        BAD("%s given twice", key);
    }
    if (value[0] != '/' || strlen(value) >= LAUNCH_PATH_MAX) {
        BAD("%s must be an absolute path", key);
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

static void add_list(char **list, int *count, const char *key, const char *value)
{
    if (*count >= LAUNCH_MAX_LIST) {
        BAD("more than %d %s entries", LAUNCH_MAX_LIST, key);
    }
    list[*count] = strdup(value);
    if (list[*count] == NULL) {
        BAD("out of memory");
    }
    (*count)++;
}

static void apply(struct launch_policy *policy, const char *key, const char *value, int *seen_type)
{
    int ok;
    if (strcmp(key, "type") == 0) {
        if ((*seen_type)++) {
            BAD("type given twice");
        }
        if (strcmp(value, "binary") == 0) {
            policy->type = LAUNCH_BINARY;
        } else if (strcmp(value, "script") == 0) {
            policy->type = LAUNCH_SCRIPT;
        } else if (strcmp(value, "jar") == 0) {
            policy->type = LAUNCH_JAR;
        } else {
            BAD("type must be binary, script or jar, not '%s'", value);
        }
    } else if (strcmp(key, "program") == 0) {
        set_path(policy->program, key, value);
    } else if (strcmp(key, "interpreter") == 0) {
        set_path(policy->interpreter, key, value);
    } else if (strcmp(key, "directory") == 0) {
        set_path(policy->directory, key, value);
    } else if (strcmp(key, "caps") == 0) {
        if (policy->grant != 0 || policy->grant_from_file) {
            BAD("caps given twice");
        }
        char error[256];
        if (strcmp(value, "from-file") == 0) {
            policy->grant_from_file = 1;
        } else if (launch_grant_parse(value, &policy->grant, error, sizeof error) != 0) {
            BAD("caps: %s", error);
        }
    } else if (strcmp(key, "user") == 0) {
        if (policy->has_user++) {
            BAD("user given twice");
        }
        unsigned long id = parse_id(value, &ok);
        struct passwd *pw = ok ? getpwuid((uid_t) id) : getpwnam(value);
        if (pw == NULL && !ok) {
            BAD("no such user '%s'", value);
        }
        policy->uid = pw ? pw->pw_uid : (uid_t) id;
        if (!policy->has_group) {
            policy->gid = pw ? pw->pw_gid : (gid_t) id;
        }
    } else if (strcmp(key, "group") == 0) {
        if (policy->has_group++) {
            BAD("group given twice");
        }
        unsigned long id = parse_id(value, &ok);
        struct group *gr = ok ? NULL : getgrnam(value);
        if (!ok && gr == NULL) {
            BAD("no such group '%s'", value);
        }
        policy->gid = ok ? (gid_t) id : gr->gr_gid;
    } else if (strcmp(key, "env") == 0) {
        if (!(isalpha((unsigned char) value[0]) || value[0] == '_')) {
            BAD("env '%s' is not a variable name", value);
        }
        for (const char *c = value; *c; c++) {
            if (!(isalnum((unsigned char) *c) || *c == '_')) {
                BAD("env '%s' is not a variable name", value);
            }
        }
        if (launch_env_forbidden(value)) {
            BAD("env %s is never forwarded (it changes what the program loads or runs)", value);
        }
        add_list(policy->env, &policy->env_count, key, value);
    } else if (strcmp(key, "jvm-option") == 0) {
        if (value[0] != '-') {
            BAD("jvm-option '%s' must start with '-'", value);
        }
        add_list(policy->jvm_option, &policy->jvm_option_count, key, value);
    } else {
        BAD("unknown key '%s' (known: type, program, interpreter, caps, user, group, directory, "
            "env, jvm-option)", key);
    }
}

static char *trim(char *start, char *end)
{
    while (start < end && (*start == ' ' || *start == '\t')) {
        start++;
    }
    while (end > start && (end[-1] == ' ' || end[-1] == '\t')) {
        end--;
    }
    *end = '\0';
    return start;
}

void launch_policy_parse(int fd, const char *name, struct launch_policy *policy)
{
    static char text[POLICY_MAX_BYTES + 1];
    size_t size = 0;
    policy_name = name;
    for (;;) {
        ssize_t n = read(fd, text + size, sizeof text - 1 - size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            BAD("cannot read: %s", strerror(errno));
        }
        if (n == 0) {
            break;
        }
        size += (size_t) n;
        if (size == sizeof text - 1) {
            BAD("policy larger than %d bytes", POLICY_MAX_BYTES);
        }
    }
    text[size] = '\0';
    int seen_type = 0;
    char *line = text;
    while (line < text + size) {
        line_number++;
        char *newline = memchr(line, '\n', (size_t) (text + size - line));
        char *end = newline ? newline : text + size;
        for (char *c = line; c < end; c++) {
            if ((unsigned char) *c < 0x20 ? *c != '\t' : *c == 0x7f) {
                BAD("control character 0x%02x", (unsigned char) *c);
            }
        }
        char *content = trim(line, end);
        if (content[0] != '\0' && content[0] != '#') {
            char *equals = strchr(content, '=');
            if (equals == NULL) {
                BAD("expected 'key = value'");
            }
            char *key = trim(content, equals);
            char *value = trim(equals + 1, equals + 1 + strlen(equals + 1));
            if (value[0] == '\0') {
                BAD("%s has an empty value", key);
            }
            apply(policy, key, value, &seen_type);
        }
        line = end + 1;
    }
    line_number = 0;
    if (!seen_type) {
        BAD("missing 'type = binary|script|jar'");
    }
    if (policy->program[0] == '\0') {
        BAD("missing 'program = /absolute/path'");
    }
    if (policy->grant == 0 && !policy->grant_from_file) {
        BAD("missing 'caps = cap_a,cap_b' or 'caps = from-file'");
    }
    if ((policy->type == LAUNCH_BINARY) != (policy->interpreter[0] == '\0')) {
        BAD(policy->type == LAUNCH_BINARY ? "type binary takes no interpreter"
                                          : "type script and jar need 'interpreter = /path'");
    }
    if (policy->jvm_option_count > 0 && policy->type != LAUNCH_JAR) {
        BAD("jvm-option is only for type jar");
    }
    if (policy->directory[0] == '\0') {
        strcpy(policy->directory, "/");
    }
}
