/* SPDX-License-Identifier: MIT */
/*
 * The early walker over the live 4-level tables, through the direct map
 * (entry bits: <tern/pte.h>). It exists because arch_early_init runs
 * before mm_boot, when there is no frame allocator and so no kernel_space
 * (kernel/mm/vm.h) yet: it unmaps the IST guard pages, drops the loader's
 * identity trampoline and feeds the boot W^X audit, none of which needs a
 * new table. It never creates a mapping; every mapping made once mm is up
 * goes through vm_map. The tests also use pgwalk() as a reader of the
 * live tables that is independent of mm/'s code.
 */
#ifndef KERNEL_ARCH_X86_64_PGWALK_H
#define KERNEL_ARCH_X86_64_PGWALK_H
#include <stdbool.h>
#include <stdint.h>
#include <tern/pte.h>

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
