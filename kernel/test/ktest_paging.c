/* SPDX-License-Identifier: MIT */
/* The live page tables: W^X over the kernel image, guard pages, the
 * direct map, the framebuffer mapping, no lower-half leftovers. */
#include <libk/string.h>
#include <arch/cpu.h>
#include <arch/ist.h>
#include <arch/pat.h>
#include <arch/pgwalk.h>
#include "core/boot.h"
#include "test/ktest.h"

static bool is_ist_guard(uint64_t va)
{
	for (unsigned i = 0; i < IST_COUNT; i++) {
		if (va == ist_guard(i))
			return true;
	}
	return false;
}

/* Expected (writable, executable) for the image page at va. */
static void expected_perms(uint64_t va, bool *w, bool *x)
{
	*x = va < (uint64_t)__text_end;
	*w = va >= (uint64_t)__data_start;
}

KTEST(kernel_image_wx_and_section_permissions)
{
	uint64_t start = (uint64_t)__kernel_start;
	uint64_t end = (uint64_t)__kernel_end;
	unsigned pages = 0;

	KREQUIRE(start == boot_info->kernel_virt_base);
	KREQUIRE(start < (uint64_t)__text_end &&
	         (uint64_t)__text_end <= (uint64_t)__rodata_start &&
	         (uint64_t)__rodata_end <= (uint64_t)__data_start);
	for (uint64_t va = start; va < end; va += 4096, pages++) {
		struct pgwalk pw = pgwalk(va);
		bool w, x;

		if (is_ist_guard(va)) {
			KEXPECT(!pw.present);
			continue;
		}
		KREQUIRE(pw.present);
		KEXPECT_EQ(pw.level, 1);
		KEXPECT(!(pw.writable && pw.executable));
		expected_perms(va, &w, &x);
		KEXPECT_EQ(pw.writable, w);
		KEXPECT_EQ(pw.executable, x);
		KEXPECT(!pw.user);
	}
	KEXPECT(pages > 3);
}

KTEST(ist_and_boot_stack_guards_unmapped)
{
	uint64_t boot_guard =
	    boot_info->stack_top - boot_info->stack_size - 4096;

	for (unsigned i = 0; i < IST_COUNT; i++) {
		KEXPECT(!pgwalk(ist_guard(i)).present);
		KEXPECT(pgwalk(ist_guard(i) + IST_GUARD_SIZE).present);
	}
	KEXPECT(!pgwalk(boot_guard).present);
	KEXPECT(pgwalk(boot_guard + 4096).present);
}

KTEST(direct_map_matches_kernel_image)
{
	const char *probe = "direct map probe";
	uint64_t va = (uint64_t)probe;
	struct pgwalk pw = pgwalk(va);

	KREQUIRE(pw.present);
	KEXPECT(!memcmp(phys_to_virt(pw.phys), probe, strlen(probe) + 1));
	/* The first image page via its physical base from boot-info. */
	KEXPECT(!memcmp(phys_to_virt(boot_info->kernel_phys_base),
	                __kernel_start, 4096));
	KEXPECT_EQ(pgwalk((uint64_t)__kernel_start).phys,
	           boot_info->kernel_phys_base);
	/* The direct map itself is not executable. */
	KEXPECT(!pgwalk((uint64_t)phys_to_virt(pw.phys)).executable);
}

KTEST(lower_half_dropped)
{
	const uint64_t *pml4 = phys_to_virt(read_cr3() & PTE_ADDR);
	unsigned live = 0;

	for (unsigned i = 0; i < 256; i++)
		live += (pml4[i] & PTE_P) != 0;
	KEXPECT_EQ(live, 0);
}

KTEST(framebuffer_mapping_wc_nx)
{
	const struct tern_framebuffer *fb = &boot_info->fb;
	struct pgwalk pw;

	if (fb->format == TERN_FB_NONE)
		return;
	pw = pgwalk(fb->virt);
	KREQUIRE(pw.present);
	KEXPECT(!pw.executable);
	KEXPECT_EQ(pw.phys, fb->phys);
	/* The loader's PTE_CACHE_WC selects a PAT entry that pat_init made
	 * write-combining. */
	KEXPECT_EQ(pat_entry(pte_pat_index(*pw.leaf, pw.level)), PAT_TYPE_WC);
	KEXPECT(pgwalk(fb->virt + fb->size - 1).present);
}
