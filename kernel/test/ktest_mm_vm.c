/* SPDX-License-Identifier: MIT */
/* The paging API on the live tables: map/unmap/protect round trips, W^X
 * refusal, intermediate tables freed, the direct map's 2 MiB leaves,
 * memory types of device and DMA mappings as the CPU sees them. */
#include <mm/kmalloc.h>
#include <arch/pat.h>
#include <arch/pgwalk.h>
#include <tern/layout.h>
#include "mm/mm_drain.h"
#include "core/boot.h"
#include "drivers/dma.h"
#include "mm/mm_boot.h"
#include "mm/vm.h"
#include "test/ktest.h"

/* An unused lower-half address (the loader's identity map is gone): every
 * table under it is made and freed by these tests. */
#define TEST_VA 0x00007f0000000000ull

/* Frames in use with the per-CPU caches and cached page ranges drained,
 * so that a count comes back to its baseline exactly. */
static uint64_t frames_used(void)
{
	kmem_drain();
	return frame_counts(&kernel_frames).used;
}

KTEST(mm_vm_map_protect_unmap)
{
	uint64_t used0 = frames_used(), tables0 = kernel_space.tables;
	uint64_t pa = frame_alloc(&kernel_frames);
	volatile uint64_t *v = (volatile uint64_t *)TEST_VA;
	struct pgwalk w;

	KREQUIRE(pa != MM_NO_PHYS);
	KEXPECT_EQ(vm_map(TEST_VA, pa, VM_WRITE | VM_EXEC), PT_EWX);
	KEXPECT_EQ(kernel_space.tables, tables0); /* nothing built */
	KREQUIRE(vm_map(TEST_VA, pa, VM_WRITE) == PT_OK);
	KEXPECT_EQ(kernel_space.tables, tables0 + 3);
	KEXPECT_EQ(vm_map(TEST_VA, pa, 0), PT_EEXIST);
	*v = 0x5eed;
	KEXPECT_EQ(*(uint64_t *)phys_to_virt(pa), 0x5eed);
	w = pgwalk(TEST_VA);
	KEXPECT(w.present && w.writable && !w.executable && w.phys == pa);
	KEXPECT_EQ(vm_protect(TEST_VA, 0), PT_OK);
	w = pgwalk(TEST_VA);
	KEXPECT(w.present && !w.writable && !w.executable);
	KEXPECT_EQ(*v, 0x5eed); /* still readable */
	KEXPECT_EQ(vm_protect(TEST_VA, VM_WRITE | VM_EXEC), PT_EWX);
	KEXPECT_EQ(vm_protect(TEST_VA, VM_EXEC), PT_OK);
	w = pgwalk(TEST_VA);
	KEXPECT(w.present && !w.writable && w.executable);
	KEXPECT_EQ(vm_unmap(TEST_VA), pa);
	KEXPECT(!pgwalk(TEST_VA).present);
	KEXPECT_EQ(vm_unmap(TEST_VA), MM_NO_PHYS);
	KEXPECT_EQ(kernel_space.tables, tables0);
	frame_free(&kernel_frames, pa);
	KEXPECT_EQ(frames_used(), used0);
}

/* 1,100 pages over three page tables and two PML4 slots; every table
 * comes back once they are unmapped. */
KTEST(mm_vm_tables_freed_when_empty)
{
	uint64_t used0 = frames_used(), tables0 = kernel_space.tables;
	uint64_t pa = frame_alloc(&kernel_frames);
	const uint64_t *pml4 = phys_to_virt(kernel_space.root);
	uint64_t va2 = TEST_VA - (1ull << 39);

	KREQUIRE(pa != MM_NO_PHYS);
	for (uint64_t i = 0; i < 1100; i++)
		KREQUIRE(vm_map(TEST_VA + i * 4096, pa, 0) == PT_OK);
	KREQUIRE(vm_map(va2, pa, VM_WRITE) == PT_OK);
	KEXPECT_EQ(kernel_space.tables, tables0 + 3 + 2 + 3);
	KEXPECT_EQ(frames_used(), used0 + 1 + 8);
	for (uint64_t i = 0; i < 1100; i++)
		KEXPECT_EQ(vm_unmap(TEST_VA + i * 4096), pa);
	KEXPECT_EQ(kernel_space.tables, tables0 + 3);
	KEXPECT_EQ(vm_unmap(va2), pa);
	KEXPECT_EQ(kernel_space.tables, tables0);
	frame_free(&kernel_frames, pa);
	KEXPECT_EQ(frames_used(), used0);
	for (unsigned i = 0; i < 256; i++)
		KEXPECT_EQ(pml4[i], 0);
}

/* The direct map's 2 MiB leaves are refused, never split. */
KTEST(mm_vm_refuses_large_pages)
{
	uint64_t va = (uint64_t)phys_to_virt(0x200000);
	struct pgwalk w = pgwalk(va);
	uint64_t used0 = frames_used();

	KREQUIRE(w.present);
	if (w.level == 1)
		return; /* nothing large to refuse on this layout */
	KEXPECT_EQ(vm_map(va + 4096, 0x1000, 0), PT_EHUGE);
	KEXPECT_EQ(vm_protect(va, 0), PT_EHUGE);
	KEXPECT_EQ(vm_unmap(va), MM_NO_PHYS);
	KEXPECT(pgwalk(va).present && pgwalk(va).writable);
	KEXPECT_EQ(frames_used(), used0);
}

/* The memory type the CPU uses at va: the IA32_PAT entry its leaf picks. */
static uint8_t mem_type(uint64_t va)
{
	struct pgwalk w = pgwalk(va);

	return w.present ? pat_entry(pte_pat_index(*w.leaf, w.level)) : 0xff;
}

/* vm_map_io: UC and WC through the PAT, NX, small and 2 MiB leaves, and
 * the same physical address read back through vm_query. Only ranges that
 * are already mapped with that type are mapped again (the LAPIC page and
 * its 2 MiB neighbourhood with the IOAPIC UC, the framebuffer WC): SDM
 * Vol. 3A, 11.12.4 leaves aliases with different types undefined. */
KTEST(mm_vm_io_memory_types)
{
	uint64_t lapic = 0xfee00000, fb = boot_info->fb.phys, pa;
	volatile uint8_t *uc = vm_map_io(lapic + 0x30, 4, VM_UC);
	volatile uint8_t *big = vm_map_io(lapic, 2ull << 20, VM_UC);
	unsigned fl;

	KREQUIRE(uc && big);
	KEXPECT_EQ((uint64_t)(uintptr_t)uc & 0xfff, 0x30);
	KEXPECT_EQ(mem_type((uint64_t)(uintptr_t)uc), PAT_TYPE_UC);
	KEXPECT_EQ(mem_type((uint64_t)(uintptr_t)big), PAT_TYPE_UC);
	KEXPECT(!pgwalk((uint64_t)(uintptr_t)uc).executable);
	KEXPECT_EQ(vm_query((uint64_t)(uintptr_t)uc, &pa, &fl), 1);
	KEXPECT_EQ(pa, lapic + 0x30);
	KEXPECT_EQ(fl, VM_WRITE | VM_UC);
	KEXPECT_EQ(vm_query((uint64_t)(uintptr_t)big + 5, &pa, &fl), 2);
	KEXPECT_EQ(pa, lapic + 5);
	KEXPECT(vm_map_io(lapic, 0, VM_UC) == NULL);
	KEXPECT(vm_map_io(lapic, 4096, VM_CACHE) == NULL);
	if (boot_info->fb.format != TERN_FB_NONE) {
		volatile uint8_t *wc = vm_map_io(fb, 4096, VM_WC);

		KREQUIRE(wc);
		KEXPECT_EQ(mem_type((uint64_t)(uintptr_t)wc), PAT_TYPE_WC);
		KEXPECT_EQ(vm_query((uint64_t)(uintptr_t)wc, &pa, &fl), 1);
		KEXPECT_EQ(fl, VM_WRITE | VM_WC);
	}
}

/* DMA buffers: mapped write-back in the DMA window at base + phys, the
 * mapping and its tables gone again after dma_free. */
KTEST(mm_vm_dma_write_back)
{
	struct dma_mem m;
	uint64_t used0 = frames_used(), va, pa;
	unsigned fl;

	KREQUIRE(dma_alloc(&m, 3 * 4096 + 1) == 0);
	va = (uint64_t)(uintptr_t)m.virt;
	KEXPECT_EQ(m.frames, 4);
	KEXPECT_EQ(va, TERN_DMA_WIN_START + m.phys);
	KEXPECT_EQ(mem_type(va + 3 * 4096), PAT_TYPE_WB);
	KEXPECT_EQ(vm_query(va + 4096, &pa, &fl), 1);
	KEXPECT_EQ(pa, m.phys + 4096);
	KEXPECT_EQ(fl, VM_WRITE | VM_WB);
	((volatile uint8_t *)m.virt)[4 * 4096 - 1] = 0x5a;
	KEXPECT_EQ(*(uint8_t *)phys_to_virt(m.phys + 4 * 4096 - 1), 0x5a);
	dma_free(&m);
	KEXPECT(!pgwalk(va).present);
	KEXPECT_EQ(frames_used(), used0);
}
