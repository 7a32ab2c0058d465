/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/*
 * signal_install.c - our handler for signal 33 (glibc's SIGSETXID), installed with the raw
 * rt_sigaction system call because glibc's sigaction() refuses signal 33.
 *
 * Why 33: glibc removes it from every sigprocmask/pthread_sigmask, so no JVM thread can block
 * it (DESIGN 1.5; a private real-time signal did not reach every thread). Deliveries that are
 * not caps4j's (glibc's own setxid broadcast uses tgkill, si_code SI_TKILL; a stray kill -33)
 * go to the handler we replaced. glibc may install its handler lazily, replacing ours, so every
 * broadcast calls c4j_ensure_owner() first. SA_ONSTACK: a thread with an alternate signal
 * stack may have almost no normal stack left (glibc installs its own handler the same way).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "executor.h"
#include "signal_install.h"
#include "syscalls.h"

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* The kernel's struct sigaction (x86-64 and arm64 share this layout). */
struct c4j_ksigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

#if defined(__x86_64__)
/* rt_sigreturn trampoline, used only if no handler we replace supplies glibc's. */
void c4j_restore_rt(void) __attribute__((visibility("hidden")));
__asm__(".text\n"
	".p2align 4\n"
	".globl c4j_restore_rt\n"
	".hidden c4j_restore_rt\n"
	".type c4j_restore_rt,@function\n"
	"c4j_restore_rt:\n"
	"\tmovq $15, %rax\n" /* __NR_rt_sigreturn */
	"\tsyscall\n"
	".size c4j_restore_rt,.-c4j_restore_rt\n");
static void c4j_own_restorer(struct c4j_ksigaction *act)
{
	act->flags |= SA_RESTORER;
	act->restorer = c4j_restore_rt;
}
#elif defined(__aarch64__)
static void c4j_own_restorer(struct c4j_ksigaction *act)
{
	(void)act; /* the kernel returns through the vDSO */
}
#else
#error "caps4j's signal trampoline supports x86-64 and arm64 only"
#endif

/* The handler we replaced; read by the chaining path of our handler. */
static struct c4j_ksigaction previous;
static _Atomic int previous_valid;

static long raw_rt_sigaction(int sig, const struct c4j_ksigaction *act,
		struct c4j_ksigaction *old)
{
	return syscall(SYS_rt_sigaction, sig, act, old, sizeof(uint64_t));
}

static void chain_previous(int sig, siginfo_t *info, void *context)
{
	if (!atomic_load(&previous_valid))
		return;
	void *handler = previous.handler;
	if (handler == (void *)SIG_DFL || handler == (void *)SIG_IGN)
		return; /* never terminate the JVM for a stray signal 33 */
	if (previous.flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))handler)(sig, info, context);
	else
		((void (*)(int))handler)(sig);
}

/*
 * A caps4j broadcast's delivery (any copy's): queued with our tag. The delivery function
 * checks that this process sent it (c4j_deliver compares si_pid with the broadcast's pid, so
 * no handler pays a getpid); a tagged signal queued by another process is dropped, never
 * chained (glibc's handler ignores SI_QUEUE deliveries anyway).
 */
static int is_caps4j_delivery(const siginfo_t *info)
{
	return info && info->si_code == SI_QUEUE
			&& ((uint32_t)info->si_value.sival_int & ~C4J_ID_MASK) == C4J_TAG;
}

static void on_signal(int sig, siginfo_t *info, void *context)
{
	int saved_errno = errno;
	if (is_caps4j_delivery(info)) {
		void (*deliver)(int, siginfo_t *, void *) = atomic_load(&caps4j_coop_v1.delegate);
		if (deliver)
			deliver(sig, info, context);
	} else {
		chain_previous(sig, info, context);
	}
	errno = saved_errno;
}

static void remember_previous(const struct c4j_ksigaction *replaced)
{
	atomic_store(&previous_valid, 0);
	previous = *replaced;
	atomic_store(&previous_valid, 1);
}

int32_t c4j_ensure_owner(struct caps4j_coop **owner)
{
	struct c4j_ksigaction current;

	if (raw_rt_sigaction(C4J_SIGNAL, NULL, &current) != 0)
		return c4j_neg_errno();
	if (current.handler == (void *)on_signal) {
		*owner = &caps4j_coop_v1;
		return 0;
	}
	struct caps4j_coop *other = c4j_coop_of(current.handler);
	if (other) {
		*owner = other;
		return 0;
	}

	struct c4j_ksigaction ours = {
		.handler = (void *)on_signal,
		.flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK,
		.restorer = NULL,
		.mask = 0,
	};
	if (current.flags & SA_RESTORER) {
		ours.flags |= SA_RESTORER;
		ours.restorer = current.restorer;
	} else {
		c4j_own_restorer(&ours);
	}
	/* Publish what we are about to replace before our handler can run. */
	remember_previous(&current);
	struct c4j_ksigaction replaced;
	if (raw_rt_sigaction(C4J_SIGNAL, &ours, &replaced) != 0)
		return c4j_neg_errno();
	if (replaced.handler != current.handler && replaced.handler != (void *)on_signal) {
		other = c4j_coop_of(replaced.handler);
		if (other) {
			/* Another copy installed its handler between our read and our write: it is
			 * the owner; put it back rather than chain to it (chains between copies loop). */
			if (raw_rt_sigaction(C4J_SIGNAL, &replaced, NULL) != 0)
				return c4j_neg_errno();
			*owner = other;
			return 0;
		}
		remember_previous(&replaced); /* someone else's handler: chain to that one */
	}
	*owner = &caps4j_coop_v1;
	return 0;
}

void c4j_default_all_signals(void)
{
	struct c4j_ksigaction dfl = { .handler = SIG_DFL };

	for (int sig = 1; sig < _NSIG; sig++) {
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)raw_rt_sigaction(sig, &dfl, NULL);
	}
}
