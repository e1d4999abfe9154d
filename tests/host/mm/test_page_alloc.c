/* SPDX-License-Identifier: MIT */
/* Page allocator: guard pages, merging back to one range, exhaustion of
 * virtual space and of frames (nothing leaks), failed mappings, bad frees. */
#include <mm/kmalloc.h>
#include "sim.h"
#include "test.h"

static struct sim sim;
static struct page_alloc *pa = &mm_heap.pa;

/* Exactly one free range covering the whole region, nothing live (once
 * the cached ranges are gone). */
static void check_pristine(void)
{
	page_cache_drain(pa);
	CHECK_EQ(pa->cache.n, 0);
	CHECK_EQ(pa->cache.pages, 0);
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
	CHECK(sim_pte(&sim, (uintptr_t)a) != MM_NO_PHYS); /* cached */
	CHECK_EQ(page_alloc_guard_hit(pa, (uintptr_t)a + 8192), 0);
	page_free(pa, c);
	page_cache_drain(pa);
	CHECK_EQ(sim_pte(&sim, (uintptr_t)a), MM_NO_PHYS);
	check_pristine();
}

/* A freed range stays mapped and comes back for the same page count; the
 * cache is bounded in ranges and pages; evictions unmap in TLB batches
 * before the frames are freed; drain gives everything back. */
static void cache_reuse_and_bounds(void)
{
	uint64_t free0 = frame_counts(mm_heap.fa).free;
	uint64_t hits = pa->cache.hits, flushes = sim.tlb_flushes;
	uint8_t *a = page_alloc(pa, 8192), *b;
	uint64_t pte = sim_pte(&sim, (uintptr_t)a);
	static void *p[PAGE_CACHE_SLOTS + 4];

	CHECK_EQ(page_alloc_guard_hit(pa, (uintptr_t)a + 8192), (uintptr_t)a);
	page_free(pa, a);
	CHECK_PANICS(page_free(pa, a)); /* cached is not live */
	CHECK(strstr(test_panic_msg, "not a live page allocation") != NULL);
	CHECK_PANICS(page_alloc_size(pa, a));
	CHECK(strstr(test_panic_msg, "not a live page allocation") != NULL);
	CHECK_EQ(page_alloc_guard_hit(pa, (uintptr_t)a + 8192), 0);
	CHECK_EQ(frame_counts(mm_heap.fa).free, free0 - 2); /* still mapped */
	b = page_alloc(pa, 8000); /* same page count: the same range */
	CHECK(b == a);
	CHECK_EQ(sim_pte(&sim, (uintptr_t)b), pte);
	CHECK_EQ(pa->cache.hits, hits + 1);
	CHECK_EQ(sim.tlb_flushes, flushes); /* nothing unmapped */
	b = page_alloc(pa, 3 * 4096);       /* another count: a fresh range */
	CHECK(b != a);
	page_free(pa, b);
	page_free(pa, a);

	/* bounded in ranges: the oldest go */
	for (unsigned i = 0; i < PAGE_CACHE_SLOTS + 4; i++)
		p[i] = page_alloc(pa, 4096 * (i + 2));
	for (unsigned i = 0; i < PAGE_CACHE_SLOTS + 4; i++)
		page_free(pa, p[i]);
	CHECK_EQ(pa->cache.n, PAGE_CACHE_SLOTS);
	CHECK_EQ(sim_pte(&sim, (uintptr_t)p[0]), MM_NO_PHYS);
	CHECK(sim_pte(&sim, (uintptr_t)p[PAGE_CACHE_SLOTS + 3]) != MM_NO_PHYS);
	/* bounded in pages: five 1 MiB ranges do not fit in 4 MiB */
	for (unsigned i = 0; i < 5; i++)
		p[i] = page_alloc(pa, 1 << 20);
	flushes = sim.tlb_flushes;
	for (unsigned i = 0; i < 5; i++)
		page_free(pa, p[i]);
	CHECK(pa->cache.pages <= PAGE_CACHE_PAGES);
	CHECK(sim.tlb_flushes > flushes);
	/* too big to keep: unmapped at once, 32 pages per flush */
	a = page_alloc(pa, 2 << 20);
	flushes = sim.tlb_flushes;
	page_free(pa, a);
	CHECK_EQ(sim_pte(&sim, (uintptr_t)a), MM_NO_PHYS);
	CHECK_EQ(sim.tlb_flushes - flushes, 512 / 32);
	CHECK_EQ(sim.tlb_max_batch, 32);
	page_cache_drain(pa);
	CHECK_EQ(frame_counts(mm_heap.fa).free, free0);
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
	uint64_t free0;

	page_cache_drain(pa); /* bad_frees left a range cached */
	free0 = frame_counts(mm_heap.fa).free;
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
	page_cache_drain(pa);
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
	cache_reuse_and_bounds();
	bad_frees();
	exhaustion();
	sim_fini(&sim);
	return test_finish();
}
