/*
 * Copyright 2026 the caps4j authors
 * SPDX-License-Identifier: Apache-2.0
 */
/* abi.c - identity of this shim: its ABI version and the caller's kernel thread id. */
#define _GNU_SOURCE
#include "caps4j.h"
#include "syscalls.h"

int32_t caps4j_abi_version(void)
{
	return CAPS4J_ABI_VERSION;
}

int32_t caps4j_gettid(void)
{
	return c4j_gettid();
}
