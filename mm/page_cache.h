/* SPDX-License-Identifier: MIT */
/* The page allocator's cache of freed ranges (page_cache.c) and the pieces
 * of page_alloc.c it uses. Private to mm/; the caller holds the lock. */
#ifndef MM_PAGE_CACHE_H
#define MM_PAGE_CACHE_H
#include <mm/page_alloc.h>

/* A cached range of exactly npages pages (guard included), mapped, out
 * of the cache and still in the tree (still marked cached), or NULL. */
struct vr_node *page_cache_take(struct page_alloc *pa, uint64_t npages);
/* Keep the freed range n (in the tree, no longer live) mapped, marked
 * cached, evicting the oldest ranges past the bounds; a range too big to
 * keep is retired at once. */
void page_cache_put(struct page_alloc *pa, struct vr_node *n);

/* page_alloc.c: unmap + free the frames of npages pages from va; give a
 * range back to the free bins; take range n (in the tree, mapped) out of
 * the tree, unmap it (unmap_pages counts its pages off pages_mapped) and
 * release it. */
void unmap_pages(struct page_alloc *pa, uint64_t va, uint64_t npages);
void range_release(struct page_alloc *pa, struct vr_node *n);
void range_retire(struct page_alloc *pa, struct vr_node *n);
#endif
