/* signal_install.h - installing and chaining our signal-33 handler (internal). */
#ifndef CAPS4J_SIGNAL_INSTALL_H
#define CAPS4J_SIGNAL_INSTALL_H

#include <signal.h>
#include <stdint.h>

/* glibc's SIGSETXID (SIGRTMIN - 1 as the kernel numbers it): no thread can block it. */
#define C4J_SIGNAL 33

/* Installs `handler` for signal 33 unless it is installed already: 0 or -errno. */
int32_t c4j_ensure_handler(void (*handler)(int, siginfo_t *, void *));

/* Passes a delivery that is not ours to the handler we replaced (ignored if none). */
void c4j_chain_previous(int sig, siginfo_t *info, void *context);

#endif
