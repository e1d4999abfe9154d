/* SPDX-License-Identifier: MIT */
/*
 * A temporary MMIO mapper over the live page tables (TODO: replace with
 * vm_map from issue 3). Mappings go into one unused PML4 slot (tern/
 * layout.h: 0xffff_c080_0000_0000 .. 0xffff_d000_0000_0000 is free), are
 * handed out by a bump pointer and never removed. Intermediate tables come
 * from a static pool in .bss.
 *
 *   0xffff_c100_0000_0000  +----------------------+  MMIO_WIN (PML4 386)
 *                          | 4 KiB / 2 MiB maps   |  bump ->
 *   + 512 GiB              +----------------------+
 *
 * Leaves are PCD|PWT (PAT entry 3 = UC, SDM Vol. 3A, 11.12.3), RW, NX;
 * requests of 2 MiB or more use 2 MiB pages (ECAM is 256 MiB).
 */
#include <arch/cpu.h>
#include <arch/irq_flags.h>
#include <arch/mmio_map.h>
#include <arch/pgwalk.h>

#define MMIO_WIN      0xffffc10000000000ull
#define MMIO_WIN_SIZE (512ull << 30)
#define POOL_PAGES    48
#define SZ_4K         0x1000ull
#define SZ_2M         0x200000ull
#define LEAF_BITS     (PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX)

static uint8_t pool[POOL_PAGES][4096] __attribute__((aligned(4096)));
static unsigned pool_used;
static uint64_t next_va = MMIO_WIN;

/* A zeroed table page's physical address, or 0. */
static uint64_t table_alloc(void)
{
	if (pool_used == POOL_PAGES)
		return 0;
	return pgwalk((uint64_t)pool[pool_used++]).phys;
}

/* The entry for va at level (1 = PT .. 3 = PDPT), creating tables on the
 * way; NULL if the pool is empty or a large page is in the way. */
static uint64_t *entry_for(uint64_t va, unsigned level)
{
	uint64_t *table = phys_to_virt(read_cr3() & PTE_ADDR);

	for (unsigned l = 4; l > level; l--) {
		uint64_t *e = &table[(va >> (12 + 9 * (l - 1))) & 511];

		if (!(*e & PTE_P)) {
			uint64_t pa = table_alloc();

			if (!pa)
				return NULL;
			*e = pa | PTE_P | PTE_W;
		} else if (*e & PTE_PS) {
			return NULL;
		}
		table = phys_to_virt(*e & PTE_ADDR);
	}
	return &table[(va >> (12 + 9 * (level - 1))) & 511];
}

static int map_range(uint64_t va, uint64_t pa, uint64_t len, uint64_t page)
{
	for (uint64_t off = 0; off < len; off += page) {
		uint64_t *e = entry_for(va + off, page == SZ_2M ? 2 : 1);

		if (!e)
			return -1;
		*e = (pa + off) | LEAF_BITS | (page == SZ_2M ? PTE_PS : 0);
		invlpg(va + off);
	}
	return 0;
}

void *mmio_map(uint64_t pa, uint64_t len)
{
	uint64_t page = len >= SZ_2M ? SZ_2M : SZ_4K;
	uint64_t base = pa & ~(page - 1);
	uint64_t span = (pa + len - base + page - 1) & ~(page - 1);
	uint64_t flags = irq_save();
	uint64_t va = (next_va + page - 1) & ~(page - 1);
	void *ret = NULL;

	if (len && va + span <= MMIO_WIN + MMIO_WIN_SIZE &&
	    !map_range(va, base, span, page)) {
		next_va = va + span;
		ret = (void *)(uintptr_t)(va + (pa - base));
	}
	irq_restore(flags);
	return ret;
}
