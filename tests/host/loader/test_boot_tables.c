/* SPDX-License-Identifier: MIT */
/* The kernel's boot page tables, walked: every region where the picture in
 * boot_tables.h says, with its permissions; the guard page unmapped;
 * nothing writable and executable; the bound respected. */
#include "boot_tables.h"
#include "test.h"
#include "test_arena.h"
#include "test_elf.h"
#include <tern/layout.h>

static struct test_elf e;
static struct kelf k;

static void check_page(struct pt_builder *b, uint64_t virt, uint64_t phys,
                       uint64_t want_flags, int line)
{
	uint64_t p = 0, f = 0;

	test_checks++;
	if (!pt_translate(b, virt, &p, &f) || p != phys || f != want_flags)
		test_fail(__FILE__, line,
		          "%#llx -> %#llx flags %#llx, want "
		          "%#llx flags %#llx",
		          (unsigned long long)virt, (unsigned long long)p,
		          (unsigned long long)f, (unsigned long long)phys,
		          (unsigned long long)want_flags);
	CHECK((f & PTE_RW) == 0 || (f & PTE_NX));
}
#define PAGE(b, v, p, f) check_page((b), (v), (p), (f), __LINE__)

static void test_layout(uint64_t kvirt, uint64_t dmap, uint64_t stack)
{
	struct boot_layout l = {
	    .k = &k,
	    .kernel_phys = 0x1000000,
	    .kernel_virt = kvirt,
	    .dmap_base = dmap,
	    .dmap_size = 0x10000000,
	    .stack_base = stack,
	    .fb_phys = 0xc0000800,
	    .fb_size = 0x300000,
	    .stack_phys = 0x2000000,
	    .tramp_phys = 0x3000,
	};
	uint64_t bound = boot_tables_bound(&l), p, f, i;
	struct pt_builder b;
	const char *what;
	struct arena a;

	arena_builder(&b, &a, bound);
	CHECK_EQ(boot_tables_build(&b, &l, &what), 0);
	CHECK(a.used <= bound);
	/* kernel: text RX, rodata R, data + bss RW NX */
	PAGE(&b, kvirt + 0x10, 0x1000010, 0);
	PAGE(&b, kvirt + 0x1008, 0x1001008, PTE_NX);
	PAGE(&b, kvirt + 0x2000, 0x1002000, PTE_RW | PTE_NX);
	PAGE(&b, kvirt + 0x4fff, 0x1004fff, PTE_RW | PTE_NX);
	CHECK(!pt_translate(&b, kvirt + 0x5000, &p, &f));
	CHECK(!pt_translate(&b, kvirt - 1, &p, &f));
	/* direct map, 2 MiB pages */
	PAGE(&b, dmap, 0, PTE_RW | PTE_NX);
	PAGE(&b, dmap + 0xfffffff, 0xfffffff, PTE_RW | PTE_NX);
	CHECK(!pt_translate(&b, dmap + 0x10000000, &p, &f));
	/* framebuffer: page offset kept, WC */
	CHECK_EQ(boot_fb_virt(&l), TERN_FB_BASE + 0x800);
	PAGE(&b, boot_fb_virt(&l), 0xc0000800, PTE_RW | PTE_NX | PTE_CACHE_WC);
	PAGE(&b, boot_fb_virt(&l) + 0x2fffff, 0xc03007ff,
	     PTE_RW | PTE_NX | PTE_CACHE_WC);
	CHECK(!pt_translate(&b, TERN_FB_BASE + 0x301000, &p, &f));
	/* boot stack over an unmapped guard page */
	CHECK(!pt_translate(&b, stack, &p, &f));
	CHECK(!pt_translate(&b, stack + 0xfff, &p, &f));
	for (i = 0; i < TERN_BOOT_STACK_SIZE; i += 4096)
		PAGE(&b, stack + 4096 + i, 0x2000000 + i, PTE_RW | PTE_NX);
	CHECK_EQ(boot_stack_top(&l), stack + 4096 + TERN_BOOT_STACK_SIZE);
	CHECK(!pt_translate(&b, boot_stack_top(&l), &p, &f));
	/* trampoline: identity, executable, read-only */
	PAGE(&b, 0x3000, 0x3000, 0);
	CHECK(!pt_translate(&b, 0x4000, &p, &f));
	CHECK(!pt_translate(&b, 0x2000, &p, &f));
	free(a.mem);
}

int main(void)
{
	te_build(&e);
	CHECK(kelf_parse(&k, e.b, sizeof(e.b)));
	test_layout(TE_LB, TERN_DIRECT_MAP_BASE, TERN_STACK_BASE);
	/* slid, and the regions at random places in their windows */
	test_layout(TE_LB + 0x40000000, 0xffff912340000000ull,
	            0xffffd9876543a000ull);
	test_layout(TE_LB - 0x7ffff000, 0xffffbfffc0000000ull - 0x40000000,
	            TERN_STACK_WIN_START + TERN_STACK_WIN_SIZE -
	                TERN_STACK_REGION_SIZE);
	return test_finish();
}
