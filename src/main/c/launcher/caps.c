/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Capability names and numbers, the policy's grant text (a strict subset of libcap's: a comma
 * list of names or numbers, no operators) and the decoding of security.capability v2/v3.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/xattr.h>

#include "launch.h"

static const char *const NAMES[] = {
    "cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner", "cap_fsetid",
    "cap_kill", "cap_setgid", "cap_setuid", "cap_setpcap", "cap_linux_immutable",
    "cap_net_bind_service", "cap_net_broadcast", "cap_net_admin", "cap_net_raw",
    "cap_ipc_lock", "cap_ipc_owner", "cap_sys_module", "cap_sys_rawio", "cap_sys_chroot",
    "cap_sys_ptrace", "cap_sys_pacct", "cap_sys_admin", "cap_sys_boot", "cap_sys_nice",
    "cap_sys_resource", "cap_sys_time", "cap_sys_tty_config", "cap_mknod", "cap_lease",
    "cap_audit_write", "cap_audit_control", "cap_setfcap", "cap_mac_override",
    "cap_mac_admin", "cap_syslog", "cap_wake_alarm", "cap_block_suspend", "cap_audit_read",
    "cap_perfmon", "cap_bpf", "cap_checkpoint_restore",
};
#define NAME_COUNT ((int) (sizeof NAMES / sizeof NAMES[0]))

/* The running kernel's last capability: PR_CAPBSET_READ answers EINVAL past it. */
int launch_cap_last(void)
{
    int last = -1;
    while (last < 63 && prctl(PR_CAPBSET_READ, (unsigned long) (last + 1), 0, 0, 0) >= 0) {
        last++;
    }
    if (last < 0) {
        launch_die("cannot read the bounding set: %s", strerror(errno));
    }
    return last;
}

static int lookup(const char *word, size_t length, int last)
{
    /* Numbers are decimal without leading zeros: libcap reads "010" as octal 8, the library's
     * text parser refuses it, and so does the launcher rather than pick a meaning. */
    if (length > 1 && word[0] == '0') {
        return -1;
    }
    if (length > 0 && length < 3 && isdigit((unsigned char) word[0])) {
        int value = 0;
        for (size_t i = 0; i < length; i++) {
            if (!isdigit((unsigned char) word[i])) {
                return -1;
            }
            value = value * 10 + (word[i] - '0');
        }
        return value <= last ? value : -1;
    }
    for (int cap = 0; cap < NAME_COUNT && cap <= last; cap++) {
        if (strlen(NAMES[cap]) == length && strncasecmp(NAMES[cap], word, length) == 0) {
            return cap;
        }
    }
    return -1;
}

int launch_grant_parse(const char *text, uint64_t *grant, char *error, size_t error_size)
{
    int last = launch_cap_last();
    uint64_t result = 0;
    const char *cursor = text;
    for (;;) {
        const char *comma = strchr(cursor, ',');
        size_t length = comma ? (size_t) (comma - cursor) : strlen(cursor);
        while (length > 0 && isspace((unsigned char) *cursor)) {
            cursor++;
            length--;
        }
        while (length > 0 && isspace((unsigned char) cursor[length - 1])) {
            length--;
        }
        int cap = lookup(cursor, length, last);
        if (cap < 0) {
            snprintf(error, error_size, "'%.*s' is not a capability of this kernel (a name such as "
                     "cap_net_bind_service or a decimal number 0..%d, no leading zeros)", (int) length, cursor, last);
            return -1;
        }
        if (result & (1ULL << cap)) {
            snprintf(error, error_size, "%s is listed twice", NAMES[cap < NAME_COUNT ? cap : 0]);
            return -1;
        }
        result |= 1ULL << cap;
        if (comma == NULL) {
            break;
        }
        cursor = comma + 1;
    }
    *grant = result;
    return 0;
}

void launch_grant_format(uint64_t grant, char *out, size_t out_size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int cap = 0; cap < 64; cap++) {
        if (grant & (1ULL << cap)) {
            int n = cap < NAME_COUNT
                ? snprintf(out + used, out_size - used, "%s%s", used ? "," : "", NAMES[cap])
                : snprintf(out + used, out_size - used, "%s%d", used ? "," : "", cap);
            if (n < 0 || (size_t) n >= out_size - used) {
                return;
            }
            used += (size_t) n;
        }
    }
    if (used == 0) {
        snprintf(out, out_size, "(none)");
    }
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* caps = from-file: the pinned program's own inheritable file-cap set (v2, or v3 with root
 * uid 0; a v3 cap for another user namespace's root grants nothing on the host). */
void launch_grant_from_file(int fd, const char *path, uint64_t *grant)
{
    unsigned char raw[64];
    ssize_t size = fgetxattr(fd, "security.capability", raw, sizeof raw);
    if (size < 0) {
        if (errno == ENODATA) {
            launch_die("caps = from-file, but %s has no file capabilities "
                       "(set them with: setcap cap_...=i %s)", path, path);
        }
        launch_die("cannot read the file capabilities of %s: %s", path, strerror(errno));
    }
    if (size < 4) {
        launch_die("%s: malformed security.capability (%zd bytes)", path, size);
    }
    uint32_t magic = le32(raw);
    uint32_t revision = magic & VFS_CAP_REVISION_MASK;
    if (revision == VFS_CAP_REVISION_2 && size == XATTR_CAPS_SZ_2) {
        /* fine */
    } else if (revision == VFS_CAP_REVISION_3 && size == XATTR_CAPS_SZ_3) {
        uint32_t rootid = le32(raw + 20);
        if (rootid != 0) {
            launch_die("%s: its file capabilities are for root uid %u of a user namespace, "
                       "not the host", path, rootid);
        }
    } else {
        launch_die("%s: unsupported security.capability revision 0x%08x, %zd bytes "
                   "(v2 or v3 expected)", path, revision, size);
    }
    if (magic & ~(VFS_CAP_REVISION_MASK | VFS_CAP_FLAGS_EFFECTIVE)) {
        launch_die("%s: unknown flags in security.capability 0x%08x", path, magic);
    }
    /* data[i] = { permitted, inheritable } for bits 32*i .. 32*i+31 */
    uint64_t inheritable = (uint64_t) le32(raw + 8) | (uint64_t) le32(raw + 16) << 32;
    int last = launch_cap_last();
    if (last < 63 && (inheritable >> (last + 1)) != 0) {
        launch_die("%s: its inheritable file-cap set names capabilities this kernel lacks", path);
    }
    if (inheritable == 0) {
        launch_die("caps = from-file, but the inheritable set of %s is empty", path);
    }
    *grant = inheritable;
}
