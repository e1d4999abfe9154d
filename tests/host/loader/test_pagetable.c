/* SPDX-License-Identifier: MIT */
/* The page-table builder: mappings walk back to what was asked, errors are
 * reported, pt_pages_bound is an upper bound. */
#include "test.h"
#include "test_arena.h"

#define HI 0xffff800000000000ull

static void test_4k(void)
{
	struct pt_builder b;
	struct arena a;
	uint64_t phys, flags, i;

	arena_builder(&b, &a, 64);
	CHECK_EQ(pt_map(&b, HI + 0x1ff000, 0x5000, 0x3000, PTE_RW | PTE_NX,
	                PT_PAGE_4K),
	         0);
	for (i = 0; i < 3; i++) {
		CHECK(pt_translate(&b, HI + 0x1ff000 + i * 4096 + 0x123, &phys,
		                   &flags));
		CHECK_EQ(phys, 0x5000 + i * 4096 + 0x123);
		CHECK_EQ(flags, PTE_RW | PTE_NX);
	}
	CHECK(!pt_translate(&b, HI + 0x1fe000, &phys, &flags));
	CHECK(!pt_translate(&b, HI + 0x202000, &phys, &flags));
	CHECK(!pt_translate(&b, 0x0000800000000000ull, &phys, &flags));
	/* crossing a 2 MiB boundary: PML4 + PDPT + PD + 2 PTs */
	CHECK_EQ(a.used, 5);
	CHECK_EQ(pt_map(&b, 0x7000, 0x7000, 0x1000, PTE_PWT, PT_PAGE_4K), 0);
	CHECK(pt_translate(&b, 0x7fff, &phys, &flags));
	CHECK_EQ(phys, 0x7fff);
	CHECK_EQ(flags, PTE_PWT);
	free(a.mem);
}

static void test_2m_and_errors(void)
{
	struct pt_builder b;
	struct arena a;
	uint64_t phys, flags;

	arena_builder(&b, &a, 8);
	CHECK_EQ(pt_map(&b, HI, 0, 0x400000, PTE_RW | PTE_NX, PT_PAGE_2M), 0);
	CHECK(pt_translate(&b, HI + 0x3fffff, &phys, &flags));
	CHECK_EQ(phys, 0x3fffff);
	CHECK_EQ(a.used, 3);
	/* overlap with the 2 MiB page, at both levels */
	CHECK_EQ(pt_map(&b, HI + 0x1000, 0, 0x1000, 0, PT_PAGE_4K), PT_EEXIST);
	CHECK_EQ(pt_map(&b, HI, 0, 0x200000, 0, PT_PAGE_2M), PT_EEXIST);
	CHECK_EQ(pt_map(&b, HI + 0x1000, 0, 0x200000, 0, PT_PAGE_2M),
	         PT_EINVAL);
	CHECK_EQ(pt_map(&b, HI, 0x800, 0x1000, 0, PT_PAGE_4K), PT_EINVAL);
	CHECK_EQ(pt_map(&b, HI, 0, 0, 0, PT_PAGE_4K), PT_EINVAL);
	CHECK_EQ(pt_map(&b, HI, 0, 0x1000, PTE_PS, PT_PAGE_4K), PT_EINVAL);
	CHECK_EQ(pt_map(&b, HI, 0, 0x1000, 0, 0x8000), PT_EINVAL);
	CHECK_EQ(pt_map(&b, 0x0000800000000000ull, 0, 0x1000, 0, PT_PAGE_4K),
	         PT_EINVAL); /* non-canonical */
	CHECK_EQ(pt_map(&b, 0x00007ffffffff000ull, 0, 0x2000, 0, PT_PAGE_4K),
	         PT_EINVAL); /* runs into the hole */
	CHECK_EQ(pt_map(&b, 0, 0x000ffffffffff000ull, 0x2000, 0, PT_PAGE_4K),
	         PT_EINVAL); /* past 52-bit physical */
	/* out of pages: 8 - 3 used, a far mapping needs PDPT+PD+PT each */
	CHECK_EQ(pt_map(&b, 0x1000, 0, 0x1000, 0, PT_PAGE_4K), 0);
	CHECK_EQ(pt_map(&b, 0x8000000000ull, 0, 0x1000, 0, PT_PAGE_4K),
	         PT_ENOMEM);
	free(a.mem);
}

/* Random ranges: the bound holds and every page translates. */
static void test_random(void)
{
	unsigned i, j;

	test_rng_seed();
	for (i = 0; i < 300; i++) {
		uint64_t ps = test_rand_below(2) ? PT_PAGE_2M : PT_PAGE_4K;
		uint64_t npg =
		    1 + test_rand_below(ps == PT_PAGE_4K ? 2000 : 600);
		uint64_t virt =
		    HI + test_rand_below((1ull << 46) / ps - npg) * ps;
		uint64_t phys = test_rand_below(1ull << 20) * ps;
		uint64_t bound = pt_pages_bound(virt, npg * ps, ps);
		uint64_t p, f;
		struct pt_builder b;
		struct arena a;

		arena_builder(&b, &a, bound + 1);
		CHECK_EQ(pt_map(&b, virt, phys, npg * ps, PTE_NX, ps), 0);
		CHECK(a.used <= bound + 1);
		for (j = 0; j < 8; j++) {
			uint64_t off = test_rand_below(npg * ps);

			CHECK(pt_translate(&b, virt + off, &p, &f));
			CHECK_EQ(p, phys + off);
		}
		free(a.mem);
	}
}

int main(void)
{
	test_4k();
	test_2m_and_errors();
	test_random();
	return test_finish();
}
