/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Trust checks: a path is opened once, one component at a time with O_NOFOLLOW from "/", and
 * every object on the way is checked through its fd (fstat), so what was checked is what is
 * used: a rename or symlink swap after the check cannot substitute another file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launch.h"

static void check_owner_mode(int fd, const char *shown, int want_dir, const char *what)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        launch_die("%s: cannot stat %s: %s", what, shown, strerror(errno));
    }
    if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
        launch_die("%s: %s is not a %s", what, shown, want_dir ? "directory" : "regular file");
    }
    if (st.st_uid != 0) {
        launch_die("%s: %s is owned by uid %u, not root", what, shown, (unsigned) st.st_uid);
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        launch_die("%s: %s is group- or world-writable (mode %04o)", what, shown,
                   (unsigned) (st.st_mode & 07777));
    }
}

int launch_open_trusted(const char *path, int want_dir, const char *what)
{
    size_t length = strlen(path);
    if (path[0] != '/' || length >= LAUNCH_PATH_MAX) {
        launch_die("%s: %s is not an absolute path", what, path);
    }
    char shown[LAUNCH_PATH_MAX] = "/";
    int dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        launch_die("%s: cannot open /: %s", what, strerror(errno));
    }
    check_owner_mode(dir, "/", 1, what);
    if (length == 1) {
        if (!want_dir) {
            launch_die("%s: / is not a regular file", what);
        }
        return dir;
    }
    const char *cursor = path + 1;
    for (;;) {
        const char *slash = strchr(cursor, '/');
        size_t part = slash ? (size_t) (slash - cursor) : strlen(cursor);
        if (part == 0 || (part == 1 && cursor[0] == '.')
            || (part == 2 && cursor[0] == '.' && cursor[1] == '.')) {
            launch_die("%s: %s must not contain empty, '.' or '..' components", what, path);
        }
        char name[LAUNCH_PATH_MAX];
        memcpy(name, cursor, part);
        name[part] = '\0';
        memcpy(shown, path, (size_t) (cursor - path) + part);
        shown[(cursor - path) + part] = '\0';
        int last = slash == NULL;
        int is_dir = !last || want_dir;
        int flags = O_NOFOLLOW | O_CLOEXEC | (is_dir ? O_PATH | O_DIRECTORY : O_RDONLY | O_NONBLOCK);
        int next = openat(dir, name, flags);
        if (next < 0) {
            int error = errno;
            struct stat st;
            if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
                /* Only advice: what we run is still what the component-wise open finds. */
                char canonical[PATH_MAX];
                if (realpath(path, canonical) != NULL) {
                    launch_die("%s: %s is a symbolic link (policy paths must be canonical): "
                               "write %s", what, shown, canonical);
                }
                launch_die("%s: %s is a symbolic link (policy paths must be canonical)", what, shown);
            }
            launch_die("%s: cannot open %s: %s", what, shown, strerror(error));
        }
        close(dir);
        check_owner_mode(next, shown, is_dir, what);
        if (last) {
            if (!is_dir) {
                /* O_NONBLOCK only guarded the open against a FIFO; clear it for the program. */
                int fl = fcntl(next, F_GETFL);
                if (fl < 0 || fcntl(next, F_SETFL, fl & ~O_NONBLOCK) != 0) {
                    launch_die("%s: cannot reset flags of %s: %s", what, shown, strerror(errno));
                }
            }
            return next;
        }
        dir = next;
        cursor = slash + 1;
    }
}

void launch_refuse_shebang(int fd, const char *path, const char *what, const char *advice)
{
    char start[2];
    ssize_t n = pread(fd, start, sizeof start, 0);
    if (n < 0) {
        launch_die("%s: cannot read %s: %s", what, path, strerror(errno));
    }
    if (n == 2 && start[0] == '#' && start[1] == '!') {
        launch_die("%s: %s starts with '#!', so the kernel would run the interpreter it names, "
                   "unchecked; %s", what, path, advice);
    }
}
