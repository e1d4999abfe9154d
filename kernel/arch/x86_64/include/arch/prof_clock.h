/* SPDX-License-Identifier: MIT */
/* The profiler's NMI sampling clock (kernel/core/prof_kernel.h). */
#ifndef KERNEL_ARCH_X86_64_PROF_CLOCK_H
#define KERNEL_ARCH_X86_64_PROF_CLOCK_H
#include <stdbool.h>

#define PROF_CLOCK_HZ 1000

/* Start NMIs at about PROF_CLOCK_HZ, each calling prof_tick with the
 * interrupted RIP and RBP. False (nothing started) without a PIT or an
 * IOAPIC input for ISA IRQ 0. */
bool prof_clock_start(void);
/* Stop them; a no-op if they are not running. */
void prof_clock_stop(void);
#endif
