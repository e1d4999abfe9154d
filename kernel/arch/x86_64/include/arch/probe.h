/* SPDX-License-Identifier: MIT */
/* Kernel reads that report a page fault instead of taking it (probe.S):
 * for tests of what a CPU can still see. probe_init installs the #PF
 * handler, once, on the boot CPU before any probe. */
#ifndef KERNEL_ARCH_X86_64_PROBE_H
#define KERNEL_ARCH_X86_64_PROBE_H
#include <stdint.h>

void probe_init(void);
/* 0 with *out = *p, or -1 if the read faulted. */
long probe_read64(const volatile void *p, uint64_t *out);
#endif
