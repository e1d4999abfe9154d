/* SPDX-License-Identifier: MIT */
/* Recently freed page ranges kept mapped (see mm/page_alloc.h). */
#include <mm/page_alloc.h>
#include "page_cache.h"

/* Remove slot i, keeping the others oldest first. */
static struct vr_node *slot_remove(struct page_cache *c, unsigned i)
{
	struct vr_node *n = c->slot[i];

	for (unsigned j = i; j + 1 < c->n; j++)
		c->slot[j] = c->slot[j + 1];
	c->n--;
	mm_wr(&c->pages, c->pages - (n->npages - 1)); /* read unlocked */
	return n;
}

/* Unmap a cached range (its frames freed after one TLB flush) and release
 * it. */
static void range_drop(struct page_alloc *pa, struct vr_node *n)
{
	pa->pages_mapped += n->npages - 1; /* unmap_pages counts them off */
	range_retire(pa, n);
}

struct vr_node *page_cache_take(struct page_alloc *pa, uint64_t npages)
{
	struct page_cache *c = &pa->cache;

	for (unsigned i = c->n; i-- > 0;)
		if (c->slot[i]->npages == npages) {
			struct vr_node *n = slot_remove(c, i);

			pa->pages_mapped += npages - 1;
			c->hits++;
			return n;
		}
	return NULL;
}

/* Evict the oldest ranges until a range of pages pages fits. Out of line:
 * the common put (room left) stays a leaf. */
static __attribute__((noinline)) void cache_make_room(struct page_alloc *pa,
                                                      uint64_t pages)
{
	struct page_cache *c = &pa->cache;

	while (c->n == PAGE_CACHE_SLOTS ||
	       c->pages + pages > PAGE_CACHE_PAGES) {
		c->evictions++;
		range_drop(pa, slot_remove(c, 0));
	}
}

void page_cache_put(struct page_alloc *pa, struct vr_node *n)
{
	struct page_cache *c = &pa->cache;
	uint64_t pages = n->npages - 1;

	if (pages > PAGE_CACHE_MAX_PAGES) {
		range_retire(pa, n);
		return;
	}
	n->cached = 1;
	pa->pages_mapped -= pages;
	if (c->n == PAGE_CACHE_SLOTS || c->pages + pages > PAGE_CACHE_PAGES)
		cache_make_room(pa, pages);
	c->slot[c->n++] = n;
	mm_wr(&c->pages, c->pages + pages);
}

void page_cache_drain(struct page_alloc *pa)
{
	uint64_t t = mm_lock(pa->plat);

	while (pa->cache.n)
		range_drop(pa, slot_remove(&pa->cache, 0));
	mm_unlock(pa->plat, t);
}
