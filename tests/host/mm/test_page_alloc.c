/* SPDX-License-Identifier: MIT */
/* Page allocator: guard pages, merging back to one range, exhaustion of
 * virtual space and of frames (nothing leaks), failed mappings, bad frees. */
#include <mm/kmalloc.h>
#include "sim.h"
#include "test.h"

static struct sim sim;
static struct page_alloc *pa = &mm_heap.pa;

/* Exactly one free range covering the whole region, nothing live. */
static void check_pristine(void)
{
	CHECK_EQ(pa->live_count, 0);
	CHECK_EQ(pa->pages_mapped, 0);
	CHECK(pa->live == NULL);
	CHECK_EQ(__builtin_popcountll(pa->bins.fl_map), 1);
	struct vr_node *n = vr_bin_take(&pa->bins, sim.va_size / 4096);

	CHECK(n && n->start == (uintptr_t)sim.va &&
	      n->npages == sim.va_size / 4096 && !n->prev && !n->next);
	if (n)
		vr_bin_insert(&pa->bins, n);
}

static void guards_and_merge(void)
{
	uint8_t *a = page_alloc(pa, 5000), *b = page_alloc(pa, 4096),
	        *c = page_alloc(pa, 3 * 4096 + 1);

	CHECK(a && b && c);
	CHECK_EQ((uintptr_t)a % 4096, 0);
	CHECK_EQ(page_alloc_size(pa, a), 8192);
	CHECK_EQ(page_alloc_size(pa, c), 4 * 4096);
	CHECK(sim_pte(&sim, (uintptr_t)a + 4096) != MM_NO_PHYS);
	CHECK_EQ(sim_pte(&sim, (uintptr_t)a + 8192), MM_NO_PHYS); /* guard */
	CHECK_EQ(sim_pte(&sim, (uintptr_t)c + 4 * 4096), MM_NO_PHYS);
	CHECK_EQ(page_alloc_guard_hit(pa, (uintptr_t)a + 8192), (uintptr_t)a);
	CHECK_EQ(page_alloc_guard_hit(pa, (uintptr_t)a + 8191), 0);
	CHECK_EQ(page_alloc_guard_hit(pa, (uintptr_t)c + 4 * 4096 + 5),
	         (uintptr_t)c);
	CHECK_EQ(page_alloc_guard_hit(pa, 0x1000), 0);
	CHECK(b >= a + 3 * 4096 || b + 2 * 4096 <= a);
	CHECK_EQ(pa->pages_mapped, 7);
	a[8191] = 1;
	page_free(pa, b);
	page_free(pa, a);
	CHECK_EQ(sim_pte(&sim, (uintptr_t)a), MM_NO_PHYS);
	page_free(pa, c);
	check_pristine();
}

static void bad_frees(void)
{
	uint8_t *a = page_alloc(pa, 8192);

	CHECK_PANICS(page_free(pa, a + 4096));
	CHECK(strstr(test_panic_msg, "not a live page allocation") != NULL);
	page_free(pa, a);
	CHECK_PANICS(page_free(pa, a));
	CHECK(strstr(test_panic_msg, "not a live page allocation") != NULL);
	CHECK(page_alloc(pa, 0) == NULL);
	CHECK(page_alloc(pa, SIZE_MAX) == NULL);
}

/* Out of frames and out of virtual space: NULL, and counts unchanged. */
static void exhaustion(void)
{
	uint64_t free0 = frame_counts(mm_heap.fa).free;
	static void *p[4096];
	unsigned n = 0;

	CHECK(page_alloc(pa, (free0 + 1) * 4096) == NULL);
	CHECK_EQ(frame_counts(mm_heap.fa).free, free0);
	sim.map_fail_in = 3;
	CHECK(page_alloc(pa, 5 * 4096) == NULL);
	CHECK_EQ(frame_counts(mm_heap.fa).free, free0);
	check_pristine();
	/* 64 KiB + guard = 17 pages each: the 16 MiB region fits 240 */
	while (n < 4096 && (p[n] = page_alloc(pa, 65536)))
		n++;
	CHECK_EQ(n, sim.va_size / (17 * 4096));
	while (n)
		page_free(pa, p[--n]);
	CHECK_EQ(frame_counts(mm_heap.fa).free, free0);
	check_pristine();
}

int main(void)
{
	struct frame_alloc fa;

	test_rng_seed();
	sim_init(&sim, 64ull << 20, 16ull << 20);
	CHECK_EQ(sim_heap_init(&sim, &fa), 0);
	check_pristine();
	guards_and_merge();
	bad_frees();
	exhaustion();
	sim_fini(&sim);
	return test_finish();
}
