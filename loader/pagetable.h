/* SPDX-License-Identifier: MIT */
/*
 * A builder for x86-64 4-level page tables (Intel SDM vol. 3A, 4.5; the
 * entry bits are in <tern/pte.h>, shared with mm/ which edits these
 * tables once the kernel runs). Portable: page memory comes from
 * callbacks, so the host tests build the tables in malloc'd memory and
 * walk them.
 *
 *   virtual address (48 bits, sign-extended to 64)
 *   63     48 47    39 38    30 29    21 20    12 11         0
 *   +--------+--------+--------+--------+--------+------------+
 *   | sign   | PML4   | PDPT   | PD     | PT     | offset     |
 *   +--------+--------+--------+--------+--------+------------+
 *               |        |        |        `-- 4 KiB leaf (PTE)
 *               |        |        `-- 2 MiB leaf (PDE with PS=1) or PT
 *               |        `-- PD (1 GiB leaves are never made)
 *               `-- PDPT
 *
 * Non-leaf entries are P|RW (no NX, no US) so that the leaf alone decides
 * the permissions. The builder never replaces an existing mapping.
 */
#ifndef TERN_LOADER_PAGETABLE_H
#define TERN_LOADER_PAGETABLE_H
#include <stdbool.h>
#include <stdint.h>
#include <tern/pte.h>

#define PT_PAGE_4K 0x1000ull
#define PT_PAGE_2M 0x200000ull

#define PT_ENOMEM (-1) /* the page allocator ran dry */
#define PT_EINVAL (-2) /* misaligned, empty, non-canonical or bad flags */
#define PT_EEXIST (-3) /* part of the range is already mapped */

struct pt_builder {
	/* Give one 4 KiB page's physical address, or return false. The
	 * builder zeroes it. */
	bool (*alloc_page)(void *ctx, uint64_t *phys);
	/* Where the builder can reach physical address phys. */
	void *(*phys_to_ptr)(void *ctx, uint64_t phys);
	void *ctx;
	uint64_t pml4; /* physical address, set by pt_init */
};

/* Allocate an empty PML4. Returns 0 or PT_ENOMEM. */
int pt_init(struct pt_builder *b);

/* Map [virt, virt + size) to [phys, phys + size) with pages of page_size
 * (PT_PAGE_4K or PT_PAGE_2M) and leaf bits flags (PTE_P is added; PTE_PS
 * and address bits are not allowed). virt, phys and size must be multiples
 * of page_size. Returns 0 or PT_E*; on error part of the range may be
 * mapped. */
int pt_map(struct pt_builder *b, uint64_t virt, uint64_t phys, uint64_t size,
           uint64_t flags, uint64_t page_size);

/* Walk the tables: on success *phys is the translation of virt and *flags
 * the effective permission bits (PTE_RW and PTE_US only if set at every
 * level, PTE_NX if set at any, plus the leaf's PWT/PCD). Returns false if
 * virt is not mapped. */
bool pt_translate(const struct pt_builder *b, uint64_t virt, uint64_t *phys,
                  uint64_t *flags);

/* An upper bound on the table pages pt_map needs for one range, assuming
 * no sharing with other ranges. */
uint64_t pt_pages_bound(uint64_t virt, uint64_t size, uint64_t page_size);
#endif
