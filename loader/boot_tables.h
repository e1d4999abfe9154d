/* SPDX-License-Identifier: MIT */
/*
 * The page tables the kernel starts on. Portable: built through a
 * struct pt_builder, so host tests can walk the result.
 *
 *   virtual                              physical          leaf bits
 *   0x0000_0000_xxxx_x000  (identity)  trampoline page    4K  P       (RX)
 *   dmap_base + p                      p in [0, dmap_size) 2M P RW NX
 *   TERN_FB_BASE + (fb & 0xfff) ...    framebuffer pages  4K  P RW NX WC
 *   stack_base                         -- guard page, unmapped --
 *   stack_base + 4 KiB ...             boot stack         4K  P RW NX
 *     ... + TERN_BOOT_STACK_SIZE = stack_top
 *   kernel_virt + (p_vaddr - link_base) kernel_phys + ... 4K per PT_LOAD:
 *                                        X -> P, W -> P RW NX, R -> P NX
 *
 *   PML4 0 ........ trampoline      PML4 256..383 direct map window
 *   PML4 384 ....... framebuffer    PML4 416..447 kernel-stack window
 *   PML4 480..511 .. kernel image window (see tern/layout.h)
 *
 * WC is PTE_CACHE_WC (<tern/pte.h>): PAT entry 1, write-through under the
 * firmware's PAT until the kernel makes it write-combining. All entries
 * are supervisor-only; nothing is W+X.
 */
#ifndef TERN_LOADER_BOOT_TABLES_H
#define TERN_LOADER_BOOT_TABLES_H
#include "kelf.h"
#include "pagetable.h"

struct boot_layout {
	const struct kelf *k;
	uint64_t kernel_phys;      /* k->span bytes, page aligned */
	uint64_t kernel_virt;      /* where link_base goes, page aligned */
	uint64_t dmap_base;        /* 1 GiB aligned, in the window */
	uint64_t dmap_size;        /* multiple of 2 MiB */
	uint64_t stack_base;       /* guard page here, then the boot stack */
	uint64_t fb_phys, fb_size; /* fb_size 0: no framebuffer */
	uint64_t stack_phys;       /* TERN_BOOT_STACK_SIZE bytes */
	uint64_t tramp_phys;       /* one page */
};

/* Virtual top of the boot stack and the framebuffer's virtual address. */
uint64_t boot_stack_top(const struct boot_layout *l);
uint64_t boot_fb_virt(const struct boot_layout *l);

/* Upper bound on the table pages boot_tables_build allocates. */
uint64_t boot_tables_bound(const struct boot_layout *l);

/* Map everything in the picture above into b (pt_init already called).
 * Returns 0 or a PT_E* code with *what naming the failed region. */
int boot_tables_build(struct pt_builder *b, const struct boot_layout *l,
                      const char **what);
#endif
