/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ARCH_X86_64_POWER_H
#define KERNEL_ARCH_X86_64_POWER_H

/* Reset: the FADT reset register (ACPI 6.5, 4.8.3.6), then the 8042
 * pulse (0xfe to port 0x64), then a triple fault. Never returns. */
_Noreturn void power_reboot(void);
/* Enter S5 (ACPI 6.5, 7.4.2 and 4.8.3.2.1: SLP_TYPx | SLP_EN to
 * PM1a_CNT, then PM1b_CNT). Returns only if that failed (no FADT or
 * \_S5, or the machine ignored it), after logging why. */
void power_off(void);
#endif
