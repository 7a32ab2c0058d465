/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * The policy reader. One "key = value" per line, '#' starts a comment line, blank lines are
 * ignored; unknown keys, repeated single keys, control characters and missing required keys are
 * errors (the keys themselves are in policy_keys.c). The caller has already opened the file
 * through launch_open_trusted().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "launch.h"

#define POLICY_MAX_BYTES 65536

static const char *policy_name;
static int line_number;

void launch_policy_bad(const char *format, ...)
{
    char message[768];
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

/* Reads the whole file: exactly POLICY_MAX_BYTES is accepted, one byte more is not. */
static size_t read_all(int fd, char *text, size_t capacity)
{
    size_t size = 0;
    for (;;) {
        ssize_t n = read(fd, text + size, capacity - size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            launch_policy_bad("cannot read: %s", strerror(errno));
        }
        if (n == 0) {
            return size;
        }
        size += (size_t) n;
        if (size > POLICY_MAX_BYTES) {
            launch_policy_bad("policy larger than %d bytes", POLICY_MAX_BYTES);
        }
    }
}

static void check_complete(struct launch_policy *policy, int seen_type)
{
    if (!seen_type) {
        launch_policy_bad("missing 'type = binary|script|jar'");
    }
    if (policy->program[0] == '\0') {
        launch_policy_bad("missing 'program = /absolute/path'");
    }
    if (policy->grant == 0 && !policy->grant_from_file) {
        launch_policy_bad("missing 'caps = cap_a,cap_b' or 'caps = from-file'");
    }
    if (!policy->allow_anyone && policy->allow_user_count == 0 && policy->allow_group_count == 0) {
        launch_policy_bad("missing 'allow-user = NAME' or 'allow-group = NAME' (who may run it; "
                          "'allow-user = *' for anyone)");
    }
    if ((policy->type == LAUNCH_BINARY) != (policy->interpreter[0] == '\0')) {
        launch_policy_bad(policy->type == LAUNCH_BINARY ? "type binary takes no interpreter"
                          : "type script and jar need 'interpreter = /path'");
    }
    if (policy->jvm_option_count > 0 && policy->type != LAUNCH_JAR) {
        launch_policy_bad("jvm-option is only for type jar");
    }
    if (policy->arg_count > 0) {
        if (policy->seen_args) {
            launch_policy_bad("give either 'args = none|any' or 'arg = ^PATTERN$' lines, not both");
        }
        policy->args = LAUNCH_ARGS_PATTERNS;
    }
    if (policy->directory[0] == '\0') {
        strcpy(policy->directory, "/");
    }
    if (!policy->has_umask) {
        policy->umask = 022;
    }
}

void launch_policy_parse(int fd, const char *name, struct launch_policy *policy)
{
    static char text[POLICY_MAX_BYTES + 2];
    policy_name = name;
    line_number = 0;
    size_t size = read_all(fd, text, POLICY_MAX_BYTES + 1);
    text[size] = '\0';
    int seen_type = 0;
    char *line = text;
    while (line < text + size) {
        line_number++;
        char *newline = memchr(line, '\n', (size_t) (text + size - line));
        char *end = newline ? newline : text + size;
        for (char *c = line; c < end; c++) {
            if ((unsigned char) *c < 0x20 ? *c != '\t' : *c == 0x7f) {
                launch_policy_bad("control character 0x%02x", (unsigned char) *c);
            }
        }
        char *content = trim(line, end);
        if (content[0] != '\0' && content[0] != '#') {
            char *equals = strchr(content, '=');
            if (equals == NULL) {
                launch_policy_bad("expected 'key = value'");
            }
            char *key = trim(content, equals);
            char *value = trim(equals + 1, equals + 1 + strlen(equals + 1));
            if (value[0] == '\0') {
                launch_policy_bad("%s has an empty value", key);
            }
            launch_policy_key(policy, key, value, &seen_type);
        }
        line = end + 1;
    }
    line_number = 0;
    check_complete(policy, seen_type);
}
