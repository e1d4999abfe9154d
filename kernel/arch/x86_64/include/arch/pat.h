/* SPDX-License-Identifier: MIT */
/* Page attribute table (SDM Vol. 3A, 11.12). The loader maps the
 * framebuffer with PWT=1, PCD=0, PAT=0, which selects PAT entry 1; we make
 * that entry write-combining. Other entries keep their power-on values
 * (0 WB, 2 UC-, 3 UC, 4 WB, 5 WT, 6 UC-, 7 UC). */
#ifndef KERNEL_ARCH_X86_64_PAT_H
#define KERNEL_ARCH_X86_64_PAT_H
#include <stdbool.h>
#include <stdint.h>

#define PAT_UC 0x00
#define PAT_WC 0x01
#define PAT_WT 0x04
#define PAT_WB 0x06

/* Program PAT entry 1 = WC. Returns false if the CPU has no PAT. */
bool pat_init(void);

/* The memory type of PAT entry i (0..7). */
uint8_t pat_entry(unsigned i);
#endif
