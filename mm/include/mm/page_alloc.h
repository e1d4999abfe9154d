/* SPDX-License-Identifier: MIT */
/*
 * Page allocator: allocations bigger than the largest block class. Each
 * gets a virtual range from a kernel region, one frame per page and the
 * mappings (through the platform), plus one unmapped guard page after it:
 *
 *   start                          start + n pages
 *   +--------+--------+-----+--------+---------+
 *   | page 0 | page 1 | ... | page n-1| guard   |  guard never mapped:
 *   +--------+--------+-----+--------+---------+  running off the end faults
 *
 * Locking: the caller holds the platform lock (kmalloc does).
 *
 * Bookkeeping (mm/vrange.h): nodes tile the region, free ones in O(1)
 * size-segregated bins, live ones in a treap (expected O(log n)); adjacent
 * free ranges merge on free. Node storage comes from the block allocator
 * (one class-80 block per range, so it is bounded by the number of ranges
 * and returned when ranges merge), never from the page allocator itself.
 *
 * Cache of freed ranges (page_cache.c): a freed allocation of up to
 * PAGE_CACHE_MAX_PAGES pages keeps its virtual range, frames and mappings
 * in a small cache (at most PAGE_CACHE_SLOTS ranges and PAGE_CACHE_PAGES
 * pages, oldest evicted first), so that a later allocation of the same
 * page count takes it back with no map, unmap or frame work. Evicting a
 * range unmaps its pages, asks the platform to flush them from the TLB in
 * one batch (tlb_flush, when the platform has one) and only then frees
 * the frames. Cached ranges are not live: freeing one again panics.
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <mm/block_alloc.h>
#include <mm/frame_alloc.h>
#include <mm/platform.h>
#include <mm/vrange.h>

#define PAGE_SIZE            4096ull
#define PAGE_CACHE_SLOTS     8
#define PAGE_CACHE_PAGES     1024 /* 4 MiB mapped at most */
#define PAGE_CACHE_MAX_PAGES 256  /* 1 MiB: larger ranges are not kept */

/* Recently freed ranges, oldest first. */
struct page_cache {
	struct vr_node *slot[PAGE_CACHE_SLOTS];
	unsigned n;
	uint64_t pages, hits, evictions, tlb_flushes;
};

struct page_alloc {
	const struct mm_platform *plat;
	struct frame_alloc *fa;
	struct block_alloc *ba;
	int node_cls;
	uint64_t base, size;
	struct vr_bins bins;
	struct vr_node *live;
	uint64_t allocs, frees, live_count, pages_mapped, failures;
	struct page_cache cache; /* its pages are not in pages_mapped */
};

/* Manage [base, base + size) (page aligned). -1 if no node can be had. */
int page_alloc_init(struct page_alloc *pa, const struct mm_platform *plat,
                    struct frame_alloc *fa, struct block_alloc *ba,
                    uint64_t base, uint64_t size);

/* ceil(bytes / 4 KiB) mapped pages, page aligned, followed by a guard page;
 * NULL if bytes is 0 or virtual space, nodes or frames run out (nothing is
 * leaked: a partial mapping is undone). */
void *page_alloc(struct page_alloc *pa, size_t bytes);
/* Free an allocation; panics if p is not the start of a live one. */
void page_free(struct page_alloc *pa, void *p);
/* Mapped bytes of the live allocation p; panics if there is none. */
size_t page_alloc_size(const struct page_alloc *pa, const void *p);

/* Unmap and free every cached range (frame counts are then exact). */
void page_cache_drain(struct page_alloc *pa);

/* If addr lies in the guard page of a live allocation, that allocation's
 * start, else 0 (for fault reports). */
uint64_t page_alloc_guard_hit(const struct page_alloc *pa, uint64_t addr);

static inline bool page_alloc_owns(const struct page_alloc *pa, const void *p)
{
	return (uintptr_t)p - pa->base < pa->size;
}
#endif
