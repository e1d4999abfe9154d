/* SPDX-License-Identifier: MIT */
/* What the portable kernel asks of the architecture at boot. */
#ifndef KERNEL_ARCH_X86_64_ARCH_H
#define KERNEL_ARCH_X86_64_ARCH_H
#include <tern/bootinfo.h>

/* With a validated boot-info: register the boot stack, set up the IST
 * stacks (guard pages unmapped), GDT, TSS, IDT, PAT (entry 1 = WC), and
 * drop the loader's lower-half identity mapping. */
void arch_early_init(const struct tern_bootinfo *bi);
#endif
