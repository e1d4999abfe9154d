/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ARCH_X86_64_FAULT_HINT_H
#define KERNEL_ARCH_X86_64_FAULT_HINT_H
#include <stdint.h>
#include <arch/trap.h>

/* For a kernel-mode protection #PF, print one "protection: ..." line
 * naming the mechanism (W^X, NX, SMEP, SMAP) and the region of cr2. */
void fault_hint(const struct trap_frame *tf, uint64_t cr2);
#endif
