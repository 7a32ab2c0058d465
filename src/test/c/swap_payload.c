/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * The library an attacker wants a capability-holding JVM to load (issue 9, item 1): its
 * constructor appends the process's CapEff line to the file named by CAPS4J_SWAP_MARKER. A test
 * that finds that file has shown attacker code running inside the JVM.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void swap_payload_ran(void) {
    const char *marker = getenv("CAPS4J_SWAP_MARKER");
    FILE *status = fopen("/proc/self/status", "r");
    if (marker == NULL || status == NULL) return;
    char line[256];
    while (fgets(line, sizeof line, status) != NULL) {
        if (strncmp(line, "CapEff:", 7) == 0) {
            int fd = open(marker, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
            if (fd >= 0) {
                dprintf(fd, "attacker code ran in pid %d with %s", getpid(), line);
                close(fd);
            }
        }
    }
    fclose(status);
}
