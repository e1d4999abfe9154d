/* SPDX-License-Identifier: MIT */
/* Interrupt stacks for #DF, NMI and #MC, each above an unmapped guard
 * page, registered in kernel_stacks. */
#ifndef KERNEL_ARCH_X86_64_IST_H
#define KERNEL_ARCH_X86_64_IST_H
#include <stdint.h>
#include <arch/gdt.h>

#define IST_STACK_SIZE (16 * 1024)
#define IST_GUARD_SIZE 4096

/* Unmap the guard pages (through the live page tables), register the
 * stacks, and fill top[i] with the top of the stack for IST slot i + 1.
 * Needs pgwalk_init. Returns 0, or -1 if a guard could not be unmapped. */
int ist_setup(uint64_t top[IST_COUNT]);

/* "IST2 (NMI) stack" for i = 1: the stack registry's names. */
const char *ist_name(unsigned i);

/* Address of the guard page of IST slot i + 1 (for tests). */
uint64_t ist_guard(unsigned i);
#endif
