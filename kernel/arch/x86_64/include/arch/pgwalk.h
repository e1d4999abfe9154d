/* SPDX-License-Identifier: MIT */
/*
 * A minimal walker over the live 4-level page tables, through the direct
 * map, until the real paging API arrives. Entry format: Intel SDM Vol. 3A,
 * 4.5 (Tables 4-15 to 4-20).
 *
 *   63  62..52  51..12          11..9  8 7  6 5 4   3   2 1 0
 *   +--+-------+---------------+-----+-+--+-+-+---+---+-+-+-+
 *   |XD| (avl) | frame address | avl |G|PS|D|A|PCD|PWT|U|W|P|
 *   +--+-------+---------------+-----+-+--+-+-+---+---+-+-+-+
 *   (bit 7 is PAT, not PS, in a 4 KiB PTE; bit 12 is PAT in large pages)
 */
#ifndef KERNEL_ARCH_X86_64_PGWALK_H
#define KERNEL_ARCH_X86_64_PGWALK_H
#include <stdbool.h>
#include <stdint.h>

#define PTE_P    (1ull << 0)
#define PTE_W    (1ull << 1)
#define PTE_U    (1ull << 2)
#define PTE_PWT  (1ull << 3)
#define PTE_PCD  (1ull << 4)
#define PTE_PS   (1ull << 7)
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

struct pgwalk {
	bool present;    /* every level present down to a leaf */
	unsigned level;  /* leaf level: 1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB */
	uint64_t *leaf;  /* the leaf entry (direct-map pointer), or the
	                    first non-present entry */
	bool writable;   /* W set at every level */
	bool executable; /* NX clear at every level */
	bool user;       /* U set at every level */
	uint64_t phys;   /* translated physical address if present */
};

/* Set the page-table root and direct-map offset (from boot-info). */
void pgwalk_init(uint64_t pml4_phys, uint64_t direct_map_offset);

/* Translate va through the live tables. */
struct pgwalk pgwalk(uint64_t va);

/* Unmap the 4 KiB page at va (which must be mapped by a 4 KiB PTE) and
 * flush it from the TLB. Returns 0, or -1 if it is not a 4 KiB mapping. */
int pgwalk_unmap_4k(uint64_t va);

/* Clear every lower-half PML4 entry (the loader's identity trampoline)
 * and flush the TLB by reloading CR3. */
void pgwalk_drop_lower_half(void);

/* Direct-map pointer to physical address pa. */
void *phys_to_virt(uint64_t pa);
#endif
