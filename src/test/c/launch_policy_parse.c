/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * Parses one caps4j-launch policy file with the launcher's own parser (policy.c and the key
 * handlers it calls), without installing it in the launcher's fixed policy directory.
 * Prints "grant=0x%016llx user=UID|- group=GID|-"; a bad policy exits 127 with the
 * launcher's own message on stderr.
 * Usage: launch_policy_parse FILE
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launch.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: launch_policy_parse FILE\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        perror(argv[1]);
        return 2;
    }
    static struct launch_policy policy;
    launch_policy_parse(fd, "exported", &policy);
    printf("grant=0x%016llx", (unsigned long long) policy.grant);
    if (policy.has_user) {
        printf(" user=%lu", (unsigned long) policy.uid);
    } else {
        printf(" user=-");
    }
    if (policy.has_group) {
        printf(" group=%lu\n", (unsigned long) policy.gid);
    } else {
        printf(" group=-\n");
    }
    return 0;
}
