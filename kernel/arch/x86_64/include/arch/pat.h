/* SPDX-License-Identifier: MIT */
/* Page attribute table (SDM Vol. 3A, 11.12). The layout tern uses, and
 * which PTE bits select which entry, are in <tern/pte.h> (PAT_TERN): the
 * power-on PAT with entry 1 made write-combining, so that PWT alone (the
 * loader's framebuffer, PTE_CACHE_WC) means WC. */
#ifndef KERNEL_ARCH_X86_64_PAT_H
#define KERNEL_ARCH_X86_64_PAT_H
#include <stdbool.h>
#include <stdint.h>
#include <tern/pte.h>

/* Write PAT_TERN to IA32_PAT. Returns false if the CPU has no PAT. */
bool pat_init(void);

/* The memory type (PAT_TYPE_*) of PAT entry i (0..7). */
uint8_t pat_entry(unsigned i);
#endif
