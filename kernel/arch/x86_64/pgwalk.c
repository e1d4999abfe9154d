/* SPDX-License-Identifier: MIT */
#include <arch/cpu.h>
#include <arch/pgwalk.h>

static uint64_t root_phys, dmap_off;

void pgwalk_init(uint64_t pml4_phys, uint64_t direct_map_offset)
{
	root_phys = pml4_phys & PTE_ADDR;
	dmap_off = direct_map_offset;
}

void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + dmap_off);
}

struct pgwalk pgwalk(uint64_t va)
{
	struct pgwalk w = {.writable = true, .executable = true, .user = true};
	uint64_t table = root_phys;

	for (unsigned level = PT_LEVELS; level >= 1; level--) {
		uint64_t *e =
		    (uint64_t *)phys_to_virt(table) + pt_index(va, level);
		uint64_t v = *e;

		w.leaf = e;
		w.level = level;
		if (!(v & PTE_P))
			return w;
		w.writable &= !!(v & PTE_RW);
		w.executable &= !(v & PTE_NX);
		w.user &= !!(v & PTE_US);
		if (pte_is_leaf(v, level)) {
			uint64_t span = 1ull << pt_level_shift(level);
			uint64_t base = v & PTE_ADDR & ~(span - 1);

			w.present = true;
			w.phys = base + (va & (span - 1));
			return w;
		}
		table = v & PTE_ADDR;
	}
	return w;
}

int pgwalk_unmap_4k(uint64_t va)
{
	struct pgwalk w = pgwalk(va);

	if (!w.present || w.level != 1)
		return -1;
	*w.leaf = 0;
	invlpg(va);
	return 0;
}

void pgwalk_drop_lower_half(void)
{
	uint64_t *pml4 = phys_to_virt(root_phys);

	for (unsigned i = 0; i < 256; i++)
		pml4[i] = 0;
	write_cr3(read_cr3());
}
