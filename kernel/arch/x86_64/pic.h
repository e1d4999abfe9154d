/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ARCH_X86_64_PIC_H
#define KERNEL_ARCH_X86_64_PIC_H
#include <stdbool.h>

/* Remap both 8259s to vectors 0x20-0x2f and mask every line. */
void pic_disable(void);
/* True if vector came from the (masked) 8259s: count it, no LAPIC EOI. */
bool pic_is_spurious(unsigned vector);
#endif
