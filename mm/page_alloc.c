/* SPDX-License-Identifier: MIT */
/* Page allocator (see mm/page_alloc.h). */
#include <libk/bitops.h>
#include <libk/string.h>
#include <mm/mm_panic.h>
#include <mm/page_alloc.h>
#include "page_cache.h"

static struct vr_node *node_new(struct page_alloc *pa)
{
	struct vr_node *n = block_alloc(pa->ba, (unsigned)pa->node_cls);

	if (n)
		LIBK_FN(memset)(n, 0, sizeof(*n));
	return n;
}

int page_alloc_init(struct page_alloc *pa, const struct mm_platform *plat,
                    struct frame_alloc *fa, struct block_alloc *ba,
                    uint64_t base, uint64_t size)
{
	LIBK_FN(memset)(pa, 0, sizeof(*pa));
	pa->plat = plat;
	pa->fa = fa;
	pa->ba = ba;
	pa->base = base;
	pa->size = align_down(size, PAGE_SIZE);
	pa->node_cls = block_class_for(ba, sizeof(struct vr_node), 8);
	struct vr_node *n = node_new(pa);

	if (!n || pa->size < 2 * PAGE_SIZE)
		return -1;
	n->start = base;
	n->npages = pa->size / PAGE_SIZE;
	n->free = 1;
	vr_bin_insert(&pa->bins, n);
	return 0;
}

/* Cut f (free, out of its bin) to need pages; the tail, if any, becomes the
 * free node spare, else spare is returned to the block allocator. */
static void range_split(struct page_alloc *pa, struct vr_node *f, uint64_t need,
                        struct vr_node *spare)
{
	if (f->npages == need) {
		block_free(pa->ba, spare);
		return;
	}
	spare->start = f->start + need * PAGE_SIZE;
	spare->npages = f->npages - need;
	spare->free = 1;
	spare->prev = f;
	spare->next = f->next;
	if (f->next)
		f->next->prev = spare;
	f->next = spare;
	f->npages = need;
	vr_bin_insert(&pa->bins, spare);
}

/* b swallows its right neighbour a; neither is in a bin. */
static void range_absorb(struct page_alloc *pa, struct vr_node *b,
                         struct vr_node *a)
{
	b->npages += a->npages;
	b->next = a->next;
	if (a->next)
		a->next->prev = b;
	block_free(pa->ba, a);
}

/* Return n's range to the free bins, merging with free neighbours. */
void range_release(struct page_alloc *pa, struct vr_node *n)
{
	n->free = 1;
	if (n->next && n->next->free) {
		vr_bin_remove(&pa->bins, n->next);
		range_absorb(pa, n, n->next);
	}
	if (n->prev && n->prev->free) {
		struct vr_node *p = n->prev;

		vr_bin_remove(&pa->bins, p);
		range_absorb(pa, p, n);
		n = p;
	}
	vr_bin_insert(&pa->bins, n);
}

#define UNMAP_BATCH 32

/* Unmap the first npages pages from va and free their frames: a batch of
 * pages at a time is unmapped, flushed from the TLB with one platform call
 * and only then has its frames freed. */
void unmap_pages(struct page_alloc *pa, uint64_t va, uint64_t npages)
{
	const struct mm_platform *pl = pa->plat;
	uint64_t virt[UNMAP_BATCH], phys[UNMAP_BATCH];

	for (uint64_t i = 0; i < npages;) {
		unsigned k = 0;

		for (; k < UNMAP_BATCH && i < npages; k++, i++) {
			virt[k] = va + i * PAGE_SIZE;
			phys[k] = pl->unmap_page(pl->ctx, virt[k]);
			if (phys[k] == MM_NO_PHYS)
				mm_panic("page_free: page %#llx was not mapped",
				         (unsigned long long)virt[k]);
		}
		if (pl->tlb_flush) {
			pl->tlb_flush(pl->ctx, virt, k);
			pa->cache.tlb_flushes++;
		}
		for (unsigned j = 0; j < k; j++)
			frame_free(pa->fa, phys[j]);
	}
	pa->pages_mapped -= npages;
}

/* Back npages pages at va with fresh frames; on failure undo and -1. */
static int map_pages(struct page_alloc *pa, uint64_t va, uint64_t npages)
{
	const struct mm_platform *pl = pa->plat;

	for (uint64_t i = 0; i < npages; i++) {
		uint64_t phys = frame_alloc(pa->fa);

		if (phys != MM_NO_PHYS &&
		    !pl->map_page(pl->ctx, va + i * PAGE_SIZE, phys)) {
			pa->pages_mapped++;
			continue;
		}
		if (phys != MM_NO_PHYS)
			frame_free(pa->fa, phys);
		unmap_pages(pa, va, i);
		return -1;
	}
	return 0;
}

/* A treap priority: xorshift over the platform's random seed. */
static uint32_t next_prio(struct page_alloc *pa, uint64_t start)
{
	uint64_t x = start ^ (pa->allocs * 0x9e3779b97f4a7c15ull) ^ pa->ba->key;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (uint32_t)x;
}

/* f (mapped, in the tree, out of the bins and the cache) is live again. */
static void *range_revive(struct page_alloc *pa, struct vr_node *f)
{
	f->cached = 0;
	pa->allocs++;
	pa->live_count++;
	return (void *)(uintptr_t)f->start;
}

/* f (mapped, out of the bins and the cache) becomes a live allocation. */
static void *range_live(struct page_alloc *pa, struct vr_node *f)
{
	f->free = 0;
	f->prio = next_prio(pa, f->start);
	vr_tree_insert(&pa->live, f);
	return range_revive(pa, f);
}

/* A new range of n pages and a guard page: virtual range, node, frames,
 * mappings (NULL, nothing leaked, when one of them runs out). */
static __attribute__((noinline)) void *range_new(struct page_alloc *pa,
                                                 uint64_t n)
{
	struct vr_node *f, *spare = node_new(pa);

	if (!spare || !(f = vr_bin_take(&pa->bins, n + 1))) {
		if (spare)
			block_free(pa->ba, spare);
		pa->failures++;
		return NULL;
	}
	range_split(pa, f, n + 1, spare);
	if (map_pages(pa, f->start, n)) {
		range_release(pa, f);
		pa->failures++;
		return NULL;
	}
	return range_live(pa, f);
}

void *page_alloc(struct page_alloc *pa, size_t bytes)
{
	if (!bytes || bytes > pa->size)
		return NULL;
	uint64_t n = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	struct vr_node *f = page_cache_take(pa, n + 1);

	return f ? range_revive(pa, f) : range_new(pa, n);
}

/* The live allocation starting at p (a cached range is not live). */
static struct vr_node *live_node(const struct page_alloc *pa, const void *p)
{
	struct vr_node *n = vr_tree_find(pa->live, (uintptr_t)p);

	return n && !n->cached ? n : NULL;
}

void page_free(struct page_alloc *pa, void *p)
{
	struct vr_node *n = live_node(pa, p);

	if (!n)
		mm_panic("page_free: %p is not a live page allocation", p);
	pa->frees++;
	pa->live_count--;
	page_cache_put(pa, n);
}

void range_retire(struct page_alloc *pa, struct vr_node *n)
{
	if (vr_tree_remove(&pa->live, n->start) != n)
		mm_panic("page_alloc: range %#llx missing from the tree",
		         (unsigned long long)n->start);
	n->cached = 0;
	unmap_pages(pa, n->start, n->npages - 1);
	range_release(pa, n);
}

size_t page_alloc_size(const struct page_alloc *pa, const void *p)
{
	const struct vr_node *n = live_node(pa, p);

	if (!n)
		mm_panic("page_alloc_size: %p is not a live page allocation",
		         p);
	return (n->npages - 1) * PAGE_SIZE;
}

uint64_t page_alloc_guard_hit(const struct page_alloc *pa, uint64_t addr)
{
	const struct vr_node *n;

	if (!page_alloc_owns(pa, (const void *)(uintptr_t)addr))
		return 0;
	n = vr_tree_floor(pa->live, addr);
	if (!n || n->cached || (addr - n->start) / PAGE_SIZE != n->npages - 1)
		return 0;
	return n->start;
}
