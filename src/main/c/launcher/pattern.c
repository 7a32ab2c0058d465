/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Patterns for argument and environment values: POSIX extended regular expressions that must be
 * written anchored, ^...$, so that the policy shows what it accepts: a whole value, never "a
 * value containing". Matching runs in the C locale (the launcher never calls setlocale), so a
 * caller's LANG cannot change what a bracket expression means.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launch.h"

#define PATTERN_VALUE_MAX 4096

int launch_pattern_compile(struct launch_pattern *pattern, const char *text, char *error,
                           size_t error_size)
{
    size_t length = strlen(text);
    /* "\$" at the end is a literal dollar, not an anchor. */
    int anchored = length >= 2 && text[0] == '^' && text[length - 1] == '$'
        && text[length - 2] != '\\';
    if (!anchored) {
        snprintf(error, error_size, "pattern '%s' must match the whole value: write it as ^...$",
                 text);
        return -1;
    }
    int status = regcomp(&pattern->regex, text, REG_EXTENDED | REG_NOSUB);
    if (status != 0) {
        char reason[256];
        regerror(status, &pattern->regex, reason, sizeof reason);
        snprintf(error, error_size, "pattern '%s' is not a POSIX extended regular expression: %s",
                 text, reason);
        return -1;
    }
    pattern->text = strdup(text);
    if (pattern->text == NULL) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    return 0;
}

/* Values longer than any sane path or locale name are refused before the regex engine runs. */
int launch_pattern_matches(const struct launch_pattern *pattern, const char *value)
{
    return strlen(value) <= PATTERN_VALUE_MAX && regexec(&pattern->regex, value, 0, NULL, 0) == 0;
}
