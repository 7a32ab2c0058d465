/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * What a jar's manifest may make the JVM load. The JVM is handed the jar as /proc/self/fd/N, but
 * it resolves that link to the jar's real path, so a relative Class-Path entry loads from the
 * jar's directory: a root-owned jar with `Class-Path: lib/x.jar` next to a user-writable lib/
 * runs the user's classes with the grant. Hence, in the main section of the manifest:
 *   Class-Path      every entry is checked like the program (root-owned, no writable component,
 *                   no symlink, must exist, a jar file, not a directory) and its own manifest
 *                   recursively; URLs, '%' escapes and directory entries are refused;
 *   Launcher-Agent-Class, Add-Opens, Add-Exports
 *                   refused: an agent gets Instrumentation over the whole JVM, and opening JDK
 *                   internals belongs in the policy (jvm-option = --add-opens ...) where the
 *                   sysadmin sees it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "launch.h"

#define MAX_DEPTH 8
#define MAX_JARS 256

static int jars_checked;

static void check_jar(int fd, const char *path, int depth);

/* Joins continuation lines (a line starting with one space) of the main section in place. */
static char *main_section(char *text)
{
    char *out = text, *in = text;
    while (*in) {
        size_t length = strcspn(in, "\r\n");
        char *next = in + length;
        next += next[0] == '\r' && next[1] == '\n' ? 2 : next[0] ? 1 : 0;
        if (length == 0) {
            break;                       /* a blank line ends the main section */
        }
        if (in[0] == ' ' && out != text) {
            out--;                       /* drop the '\n' written after the previous line */
            memmove(out, in + 1, length - 1);
            out += length - 1;
        } else {
            memmove(out, in, length);
            out += length;
        }
        *out++ = '\n';
        in = next;
    }
    *out = '\0';
    return text;
}

static void check_class_path_entry(const char *jar, const char *entry, int depth)
{
    if (strpbrk(entry, ":%?#\\") != NULL || entry[strlen(entry) - 1] == '/') {
        launch_die("jar %s: Class-Path entry '%s' is refused (only plain relative or absolute "
                   "paths of jar files are checked and accepted)", jar, entry);
    }
    char resolved[LAUNCH_PATH_MAX];
    int n;
    if (entry[0] == '/') {
        n = snprintf(resolved, sizeof resolved, "%s", entry);
    } else {
        const char *slash = strrchr(jar, '/');
        n = snprintf(resolved, sizeof resolved, "%.*s/%s", (int) (slash - jar), jar, entry);
    }
    if (n < 0 || (size_t) n >= sizeof resolved) {
        launch_die("jar %s: Class-Path entry too long", jar);
    }
    char what[LAUNCH_PATH_MAX + 64];
    snprintf(what, sizeof what, "Class-Path entry of %s", jar);
    int fd = launch_open_trusted(resolved, 0, what);
    check_jar(fd, resolved, depth + 1);
    close(fd);
}

static void check_attribute(const char *jar, const char *line, int depth)
{
    static const char *const REFUSED[] = { "Launcher-Agent-Class", "Add-Opens", "Add-Exports" };
    const char *colon = strchr(line, ':');
    if (colon == NULL) {
        return;                          /* the JDK skips such lines too; nothing to load */
    }
    size_t name_length = (size_t) (colon - line);
    for (size_t i = 0; i < sizeof REFUSED / sizeof REFUSED[0]; i++) {
        if (strlen(REFUSED[i]) == name_length && strncasecmp(line, REFUSED[i], name_length) == 0) {
            launch_die("jar %s: its manifest has %s, which caps4j-launch refuses (give JVM "
                       "options in the policy's jvm-option instead)", jar, REFUSED[i]);
        }
    }
    if (name_length != 10 || strncasecmp(line, "Class-Path", 10) != 0) {
        return;
    }
    char *entries = strdup(colon + 1);
    if (entries == NULL) {
        launch_die("out of memory");
    }
    char *save = NULL;
    for (char *entry = strtok_r(entries, " \t", &save); entry; entry = strtok_r(NULL, " \t", &save)) {
        check_class_path_entry(jar, entry, depth);
    }
    free(entries);
}

static void check_jar(int fd, const char *path, int depth)
{
    if (depth > MAX_DEPTH || ++jars_checked > MAX_JARS) {
        launch_die("jar %s: Class-Path nests deeper than %d or names more than %d jars", path,
                   MAX_DEPTH, MAX_JARS);
    }
    char *text = launch_jar_manifest(fd, path);
    if (text == NULL) {
        return;
    }
    char *save = NULL;
    for (char *line = strtok_r(main_section(text), "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        check_attribute(path, line, depth);
    }
    free(text);
}

void launch_jar_check(int fd, const char *path)
{
    jars_checked = 0;
    check_jar(fd, path, 0);
}
