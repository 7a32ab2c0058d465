/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Reads the manifest of a jar the way the JDK finds it: through the zip central directory, the
 * entry named META-INF/MANIFEST.MF (compared ignoring case, as java.util.zip does), stored or
 * deflated. Anything unusual (zip64, data before the records, two manifests, an encrypted
 * entry) is refused rather than guessed at: the launcher must read the same manifest the JVM
 * will read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "launch.h"

#define END_SIZE 22
#define CEN_SIZE 46
#define LOC_SIZE 30
#define MAX_COMMENT 65535
#define MAX_CENTRAL (64u << 20)
#define MAX_MANIFEST (1u << 20)
#define MANIFEST_NAME "META-INF/MANIFEST.MF"

static uint32_t le16(const unsigned char *p) { return (uint32_t) p[0] | (uint32_t) p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

static void read_at(int fd, const char *path, void *buffer, size_t size, off_t offset)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = pread(fd, (char *) buffer + done, size - done, offset + (off_t) done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            launch_die("jar: cannot read %s: %s", path, n < 0 ? strerror(errno) : "truncated");
        }
        done += (size_t) n;
    }
}

/* The end record, found from the end; its comment must reach exactly to the end of the file. */
static off_t find_end(int fd, const char *path, off_t size, unsigned char *end)
{
    size_t tail_size = (size_t) (size < END_SIZE + MAX_COMMENT ? size : END_SIZE + MAX_COMMENT);
    unsigned char *tail = malloc(tail_size);
    if (tail == NULL || size < END_SIZE) {
        launch_die("jar: %s is not a zip file", path);
    }
    read_at(fd, path, tail, tail_size, size - (off_t) tail_size);
    for (size_t i = tail_size - END_SIZE + 1; i-- > 0;) {
        if (le32(tail + i) == 0x06054b50 && i + END_SIZE + le16(tail + i + 20) == tail_size) {
            memcpy(end, tail + i, END_SIZE);
            free(tail);
            return size - (off_t) tail_size + (off_t) i;
        }
    }
    launch_die("jar: %s is not a zip file (no end record)", path);
}

static char *inflate_entry(const unsigned char *data, uint32_t size, uint32_t full_size,
                           int method, const char *path)
{
    char *text = malloc((size_t) full_size + 1);
    if (text == NULL) {
        launch_die("out of memory");
    }
    if (method == 0) {
        if (size != full_size) {
            launch_die("jar: %s: stored manifest with inconsistent sizes", path);
        }
        memcpy(text, data, size);
    } else {
        z_stream z;
        memset(&z, 0, sizeof z);
        z.next_in = (unsigned char *) data;
        z.avail_in = size;
        z.next_out = (unsigned char *) text;
        z.avail_out = full_size;
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK || inflate(&z, Z_FINISH) != Z_STREAM_END
            || z.total_out != full_size) {
            launch_die("jar: %s: its manifest does not inflate to its recorded size", path);
        }
        inflateEnd(&z);
    }
    text[full_size] = '\0';
    if (strlen(text) != full_size) {
        launch_die("jar: %s: its manifest contains a NUL byte", path);
    }
    return text;
}

char *launch_jar_manifest(int fd, const char *path)
{
    struct stat st;
    unsigned char end[END_SIZE];
    if (fstat(fd, &st) != 0) {
        launch_die("jar: cannot stat %s: %s", path, strerror(errno));
    }
    off_t end_at = find_end(fd, path, st.st_size, end);
    uint32_t entries = le16(end + 10), central_size = le32(end + 12), central_at = le32(end + 16);
    if (le16(end + 4) != 0 || le16(end + 6) != 0 || entries != le16(end + 8)
        || entries == 0xffff || central_size == 0xffffffffu || central_at == 0xffffffffu) {
        launch_die("jar: %s is a zip64 or multi-disk archive (not supported)", path);
    }
    if ((off_t) central_at + (off_t) central_size != end_at || central_size > MAX_CENTRAL) {
        launch_die("jar: %s has data before or between its zip records (not supported)", path);
    }
    unsigned char *central = malloc(central_size ? central_size : 1);
    if (central == NULL) {
        launch_die("out of memory");
    }
    read_at(fd, path, central, central_size, central_at);
    const unsigned char *found = NULL;
    uint32_t at = 0;
    for (uint32_t i = 0; i < entries; i++) {
        if (at + CEN_SIZE > central_size || le32(central + at) != 0x02014b50) {
            launch_die("jar: %s: malformed central directory", path);
        }
        uint32_t name_length = le16(central + at + 28);
        uint32_t next = at + CEN_SIZE + name_length + le16(central + at + 30)
            + le16(central + at + 32);
        if (next > central_size) {
            launch_die("jar: %s: malformed central directory", path);
        }
        if (name_length == strlen(MANIFEST_NAME)
            && strncasecmp((const char *) central + at + CEN_SIZE, MANIFEST_NAME, name_length) == 0) {
            if (found != NULL) {
                launch_die("jar: %s has two manifests", path);
            }
            found = central + at;
        }
        at = next;
    }
    if (found == NULL) {
        free(central);
        return NULL;
    }
    int method = (int) le16(found + 10);
    uint32_t size = le32(found + 20), full_size = le32(found + 24), local_at = le32(found + 42);
    if ((le16(found + 8) & 1) || (method != 0 && method != 8) || full_size > MAX_MANIFEST
        || size > MAX_MANIFEST) {
        launch_die("jar: %s: its manifest is encrypted, too large or compressed with method %d",
                   path, method);
    }
    unsigned char local[LOC_SIZE];
    read_at(fd, path, local, LOC_SIZE, local_at);
    if (le32(local) != 0x04034b50 || (off_t) local_at >= (off_t) central_at) {
        launch_die("jar: %s: malformed local header", path);
    }
    off_t data_at = (off_t) local_at + LOC_SIZE + le16(local + 26) + le16(local + 28);
    unsigned char *data = malloc(size ? size : 1);
    if (data == NULL) {
        launch_die("out of memory");
    }
    read_at(fd, path, data, size, data_at);
    char *text = inflate_entry(data, size, full_size, method, path);
    free(data);
    free(central);
    return text;
}
