/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/* Test helper for caps4j-launch (X5): executes argv[1] with argc 0 (an empty argv). */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
    if (argc != 2) {
        fprintf(stderr, "usage: launch_argc0 PROGRAM\n");
        return 2;
    }
    char *empty[] = { NULL };
    execve(argv[1], empty, envp);
    perror("execve");
    return 3;
}
