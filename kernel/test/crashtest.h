/* SPDX-License-Identifier: MIT */
/* Deliberate faults for the negative tests (crashtest=<name>): each must
 * end in a KERNEL PANIC report. The victims are global and noinline so
 * that the report can name them. */
#ifndef KERNEL_TEST_CRASHTEST_H
#define KERNEL_TEST_CRASHTEST_H
#include <stdint.h>

/* Run the named crash test. Returns only for an unknown name (after
 * exiting QEMU with TERN_EXIT_FAIL, which on hardware does nothing). */
void crashtest_run(const char *name);

void crashtest_pagefault_victim(volatile uint64_t *p);
unsigned crashtest_recurse(unsigned depth);
void crashtest_ud_victim(void);
void crashtest_gp_victim(void);
unsigned crashtest_divide_victim(unsigned n);
#endif
