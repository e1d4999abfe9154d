/* SPDX-License-Identifier: MIT */
/*
 * Device memory through the paging API: vm_map_io hands out addresses in
 * the I/O window (tern/layout.h) with a bump pointer and maps them with
 * vm_map, read/write, NX and the memory type asked for. Mappings are
 * never removed (device registers stay mapped for the whole boot).
 *
 *   TERN_IO_WIN_START                               + TERN_IO_WIN_SIZE
 *   | LAPIC 4K | IOAPIC 4K | .. pad .. | ECAM 2M 2M 2M ... | BAR | -> next
 *
 * A range of 2 MiB or more takes 2 MiB leaves (VM_HUGE), both addresses
 * aligned down to 2 MiB: PCIe ECAM (256 MiB) then needs one page
 * directory instead of 128 page tables.
 */
#include <mm/frame_alloc.h>
#include <tern/layout.h>
#include "mm/vm.h"

#define SZ_2M (1ull << 21)

static uint64_t next_va = TERN_IO_WIN_START;

/* Map span bytes at va -> pa in pages of page bytes. A failure leaves
 * what was mapped: the caller skips the whole range for good. */
static int map_range(uint64_t va, uint64_t pa, uint64_t span, uint64_t page,
                     unsigned flags)
{
	for (uint64_t off = 0; off < span; off += page) {
		if (vm_map(va + off, pa + off, flags))
			return -1;
	}
	return 0;
}

void *vm_map_io(uint64_t pa, uint64_t len, unsigned cache)
{
	uint64_t page = len >= SZ_2M ? SZ_2M : FRAME_SIZE;
	uint64_t base = pa & ~(page - 1), span, va, t;
	unsigned flags = VM_WRITE | cache | (page == SZ_2M ? VM_HUGE : 0);
	void *ret = NULL;

	if (!len || !kernel_space.fa || (cache & ~VM_CACHE) ||
	    pa + len - 1 < pa)
		return NULL;
	span = (pa + len - base + page - 1) & ~(page - 1);
	t = mm_lock(kernel_space.plat);
	va = (next_va + page - 1) & ~(page - 1);
	if (va + span <= TERN_IO_WIN_START + TERN_IO_WIN_SIZE) {
		next_va = va + span;
		if (!map_range(va, base, span, page, flags))
			ret = (void *)(uintptr_t)(va + (pa - base));
		vm_flush_others(); /* what an unwound map_range unmapped */
	}
	mm_unlock(kernel_space.plat, t);
	return ret;
}
