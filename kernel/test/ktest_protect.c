/* SPDX-License-Identifier: MIT */
/* KASLR placement and memory protections, checked from inside: every
 * region where boot-info says and inside its window, control-register
 * bits on, no W+X page, the CSPRNG seeded and moving. The windows are
 * test expectations here; the kernel itself never reads them. */
#include <libk/string.h>
#include <tern/layout.h>
#include <arch/cpu.h>
#include <arch/cpu_protect.h>
#include <arch/pgwalk.h>
#include "core/boot.h"
#include "core/csprng.h"
#include <mm/kmalloc.h>
#include "test/ktest.h"

static bool inside(uint64_t base, uint64_t size, uint64_t win, uint64_t wsz)
{
	return base >= win && base - win <= wsz && size <= wsz - (base - win);
}

KTEST(kaslr_regions_in_their_windows)
{
	const struct tern_bootinfo *bi = boot_info;

	KEXPECT(inside(bi->kernel_virt_base, bi->kernel_size,
	               TERN_KERNEL_WIN_START, TERN_KERNEL_WIN_SIZE));
	KEXPECT(inside(bi->direct_map_offset, bi->direct_map_size,
	               TERN_DMAP_WIN_START, TERN_DMAP_WIN_SIZE));
	KEXPECT(inside(bi->stack_region_base, bi->stack_region_size,
	               TERN_STACK_WIN_START, TERN_STACK_WIN_SIZE));
	KEXPECT(inside(bi->page_alloc_base, bi->page_alloc_size,
	               TERN_PALLOC_WIN_START, TERN_PALLOC_WIN_SIZE));
	KEXPECT_EQ(bi->kernel_virt_base % TERN_KERNEL_GRANULE, 0);
	KEXPECT_EQ(bi->direct_map_offset % TERN_DMAP_GRANULE, 0);
	KEXPECT_EQ(bi->stack_region_base % TERN_STACK_GRANULE, 0);
	KEXPECT_EQ(bi->page_alloc_base % TERN_PALLOC_GRANULE, 0);
	KEXPECT_EQ((uint64_t)__kernel_start, bi->kernel_virt_base);
	KEXPECT(bi->stack_top - bi->stack_size - 4096 >= bi->stack_region_base);
}

KTEST(kaslr_page_alloc_region_unmapped)
{
	const struct tern_bootinfo *bi = boot_info;

	/* mm's page allocator hands the region out from its base: a page
	 * there is mapped only under a live page allocation. */
	KEXPECT(!pgwalk(bi->page_alloc_base).present ||
	        vr_tree_find(mm_heap.pa.live, bi->page_alloc_base));
	KEXPECT(
	    !pgwalk(bi->page_alloc_base + bi->page_alloc_size - 4096).present);
	KEXPECT(!pgwalk(bi->stack_region_base).present); /* boot guard */
}

KTEST(cpu_protection_bits)
{
	uint64_t cr4 = read_cr4();

	KEXPECT(read_cr0() & CR0_WP);
	KEXPECT(rdmsr(MSR_EFER) & EFER_NXE);
	KEXPECT(!!(cr4 & CR4_SMEP) == cpu_protections.smep);
	KEXPECT(!!(cr4 & CR4_SMAP) == cpu_protections.smap);
	KEXPECT(!!(cr4 & CR4_UMIP) == cpu_protections.umip);
}

KTEST(no_writable_executable_page)
{
	struct wx_counts c;

	wx_count(&c);
	KEXPECT_EQ(c.wx, 0);
	KEXPECT_EQ(c.user, 0);
	KEXPECT(c.rx > 0 && c.ro > 0 && c.rw > 0);
	for (uint64_t va = 0; va < 0x10000; va += 4096)
		KEXPECT(!pgwalk(va).present);
}

KTEST(csprng_seeded_and_moving)
{
	uint8_t a[32], b[32], zero[32] = {0};

	KREQUIRE(kernel_csprng.seeded);
	KEXPECT(!memcmp(boot_info->seed, zero, 32)); /* wiped after use */
	csprng_get(a, sizeof(a));
	csprng_get(b, sizeof(b));
	KEXPECT(memcmp(a, b, sizeof(a)) != 0);
	KEXPECT(memcmp(a, zero, sizeof(a)) != 0);
	KEXPECT(csprng_u64() != csprng_u64());
}
