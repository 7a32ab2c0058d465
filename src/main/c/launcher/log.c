/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * What the launcher tells people: one refusal line on stderr and in syslog (LOG_AUTHPRIV), and
 * one syslog record per launch. Policy names, paths and above all the caller's arguments end up
 * in those lines, so every byte a terminal or a log reader could take for structure (control
 * characters, DEL, the backslash itself) is written as \xNN: a caller cannot forge a second
 * syslog line or hide an argument behind a carriage return.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "launch.h"

#define LOG_RECORD_MAX 4096

int launch_quiet;
static uid_t invoker_uid;

void launch_escape(const char *in, char *out, size_t out_size)
{
    size_t used = 0;
    for (const unsigned char *c = (const unsigned char *) in; *c && used + 5 < out_size; c++) {
        if (*c < 0x20 || *c == 0x7f || *c == '\\' || *c == '"') {
            used += (size_t) snprintf(out + used, out_size - used, "\\x%02x", *c);
        } else {
            out[used++] = (char) *c;
        }
    }
    out[used] = '\0';
}

void launch_log_open(uid_t invoker)
{
    invoker_uid = invoker;
    openlog("caps4j-launch", LOG_PID, LOG_AUTHPRIV);
}

_Noreturn void launch_die(const char *format, ...)
{
    char message[1024], escaped[4096];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if (launch_quiet) {
        _exit(LAUNCH_EXIT_FAILURE);
    }
    launch_escape(message, escaped, sizeof escaped);
    dprintf(STDERR_FILENO, "caps4j-launch: %s\n", escaped);
    syslog(LOG_AUTHPRIV | LOG_WARNING, "refused for uid %u: %s", (unsigned) invoker_uid, escaped);
    _exit(LAUNCH_EXIT_FAILURE);
}

/* The record of a launch: who, which policy, what runs with what, and every argument. */
void launch_log_run(const struct launch_policy *policy, int argc, char **argv)
{
    char record[LOG_RECORD_MAX], granted[1024], escaped[LOG_RECORD_MAX];
    launch_grant_format(policy->grant, granted, sizeof granted);
    int used = snprintf(record, sizeof record, "uid %u runs policy %s: program %s%s%s, uid %u gid %u, "
                        "grant %s, %d argument%s", (unsigned) invoker_uid, policy->name,
                        policy->program, policy->interpreter[0] ? " with " : "",
                        policy->interpreter, (unsigned) getuid(), (unsigned) getgid(), granted,
                        argc, argc == 1 ? "" : "s");
    for (int i = 0; i < argc && used > 0 && (size_t) used < sizeof record; i++) {
        launch_escape(argv[i], escaped, sizeof escaped);
        used += snprintf(record + used, sizeof record - (size_t) used, "%s\"%s\"",
                         i == 0 ? ": " : " ", escaped);
    }
    if (used < 0 || (size_t) used >= sizeof record) {
        strcpy(record + sizeof record - 5, "...");
    }
    syslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", record);
}
