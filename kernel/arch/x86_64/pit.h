/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ARCH_X86_64_PIT_H
#define KERNEL_ARCH_X86_64_PIT_H
#include <stdint.h>

#define PIT_HZ       1193182u
#define PIT_SPIN_MAX 5000000u /* port reads; ~1 us each on a real bus */

/* Count about us microseconds (<= 54925: 16 bits of 1.193182 MHz) on PIT
 * channel 2, gated through port 0x61, and return the TSC ticks from the
 * gate opening to OUT2 rising, with *ns the exact interval counted. For
 * calibration (no interrupts used). 0 with *ns 0 if OUT2 was already high
 * after programming or never rose within PIT_SPIN_MAX polls (no PIT, e.g.
 * pit=off, or a clock-gated 8254). */
uint64_t pit_time_tsc(uint32_t us, uint64_t *ns);
#endif
