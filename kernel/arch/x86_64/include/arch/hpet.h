/* SPDX-License-Identifier: MIT */
/* The HPET main counter (IA-PC HPET Specification 1.0a, 2.3). */
#ifndef KERNEL_ARCH_X86_64_HPET_H
#define KERNEL_ARCH_X86_64_HPET_H
#include <stdbool.h>
#include <stdint.h>

/* Map the HPET at phys and start its main counter. False if the block
 * looks absent (period 0 or above the spec's 100 ns limit). */
bool hpet_init(uint64_t phys);
bool hpet_ready(void);
uint64_t hpet_counter(void);
/* Nanoseconds for a counter difference. */
uint64_t hpet_ticks_to_ns(uint64_t ticks);
#endif
