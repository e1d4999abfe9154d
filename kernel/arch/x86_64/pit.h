/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ARCH_X86_64_PIT_H
#define KERNEL_ARCH_X86_64_PIT_H
#include <stdbool.h>
#include <stdint.h>

#define PIT_HZ       1193182u
#define PIT_SPIN_MAX 5000000u /* port reads; ~1 us each on a real bus */

/* Busy-wait us microseconds (<= 50000) on PIT channel 2, gate through
 * port 0x61; for calibration only (interrupts are not used). False if
 * OUT2 was already high after programming or never rose within
 * PIT_SPIN_MAX polls (no PIT, e.g. pit=off, or a clock-gated 8254). */
bool pit_wait_us(uint32_t us);
#endif
