/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/* signal_install.h - the signal-33 handler and who owns it in this process (internal). */
#ifndef CAPS4J_SIGNAL_INSTALL_H
#define CAPS4J_SIGNAL_INSTALL_H

#include <signal.h>
#include <stdint.h>

#include "caps4j.h"

/* glibc's SIGSETXID (SIGRTMIN - 1 as the kernel numbers it): no thread can block it. */
#define C4J_SIGNAL 33

/*
 * Finds the copy of the shim whose handler is installed for signal 33, installing this copy's
 * handler if none is (never over another copy's). 0 with *owner set, or -errno.
 */
int32_t c4j_ensure_owner(struct caps4j_coop **owner);

/*
 * Sets every signal but SIGKILL and SIGSTOP to SIG_DFL for the calling process (raw
 * rt_sigaction, so 32 and 33 too). Only for a spawn child, which has its own handler table.
 */
void c4j_default_all_signals(void);

#endif
