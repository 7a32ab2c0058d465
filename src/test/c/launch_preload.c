/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/* Test helper for caps4j-launch (X2/X3): an LD_PRELOAD library that names the program it ran in.
 * The caller's own tools (setpriv) load it too; only a line naming the payload is a leak. */
#include <stdio.h>
#include <unistd.h>

__attribute__((constructor)) static void announce(void)
{
    char exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n < 0 ? 0 : n] = '\0';
    dprintf(2, "CAPS4J-PRELOAD-RAN in %s\n", exe);
}
