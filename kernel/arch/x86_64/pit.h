/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ARCH_X86_64_PIT_H
#define KERNEL_ARCH_X86_64_PIT_H
#include <stdint.h>

#define PIT_HZ 1193182u

/* Busy-wait us microseconds (<= 50000) on PIT channel 2, gate through
 * port 0x61; for calibration only (interrupts are not used). */
void pit_wait_us(uint32_t us);
#endif
