/* SPDX-License-Identifier: MIT */
/* kmalloc family: routing between the block and the page allocator. */
#include <libk/bitops.h>
#include <libk/string.h>
#include <mm/histogram.h>
#include <mm/kmalloc.h>
#include <mm/mm_panic.h>
#include "block_fast.h"

#define SLAB_FRAMES (BLOCK_SLAB_SIZE / FRAME_SIZE)

struct mm_heap mm_heap;
#ifdef TERN_MM_DEBUG
const bool mm_heap_debug = true;
#else
const bool mm_heap_debug = false;
#endif

static void *slab_get(void *ctx)
{
	struct mm_heap *h = ctx;
	uint64_t pa = frame_alloc_contig(h->fa, SLAB_FRAMES, SLAB_FRAMES);

	return pa == MM_NO_PHYS ? NULL : mm_phys_to_virt(h->plat, pa);
}

static void slab_put(void *ctx, void *slab)
{
	struct mm_heap *h = ctx;

	frame_free_contig(h->fa, mm_virt_to_phys(h->plat, slab), SLAB_FRAMES);
}

int mm_init(const struct mm_platform *plat, struct frame_alloc *fa,
            uint64_t va_base, uint64_t va_size, const struct block_config *cfg)
{
	struct slab_source src = {&mm_heap, slab_get, slab_put};
	int rc;

	mm_heap.plat = plat;
	mm_heap.fa = fa;
	rc = block_init(&mm_heap.ba, &src, plat->random(plat->ctx), cfg, plat);
	if (page_alloc_init(&mm_heap.pa, plat, fa, &mm_heap.ba, va_base,
	                    va_size))
		rc = -1;
	return rc;
}

/* Page path: the page allocator under the platform lock. */
static void *page_alloc_locked(size_t size)
{
	uint64_t t = mm_lock(mm_heap.plat);
	void *p = page_alloc(&mm_heap.pa, size);

	mm_unlock(mm_heap.plat, t);
	return p;
}

/* kmalloc above 4 KiB, out of line so that the block path stays small
 * and keeps few registers live. The request is counted in the
 * histogram's locked row, under the lock the page path takes anyway. */
static __attribute__((noinline)) void *kmalloc_pages(size_t size)
{
	uint64_t t = mm_lock(mm_heap.plat);
	void *p;

	mm_histogram_record(MM_HIST_LOCKED, size);
	p = page_alloc(&mm_heap.pa, size);
	mm_unlock(mm_heap.plat, t);
	return p;
}

/* The page path's free, under the lock. */
static __attribute__((noinline)) void kfree_pages(void *p)
{
	uint64_t t = mm_lock(mm_heap.plat);

	page_free(&mm_heap.pa, p);
	mm_unlock(mm_heap.plat, t);
}

/*
 * The fast path, on CPU cpu inside its local section: the size lookup
 * index doubles as the histogram bin (mm/histogram.h), counted in this
 * CPU's row, and the block comes from this CPU's magazine, no lock.
 */
void *kmalloc_on(unsigned cpu, size_t size)
{
	unsigned c, bin;

	if (mm_likely(size <= 1024)) {
		bin = (unsigned)((size + 7) >> 3);
		c = mm_heap.ba.by8[bin];
	} else if (size <= BLOCK_MAX_SIZE) {
		size_t i = (size + 127) >> 7;

		bin = MM_HIST_BY128 + (unsigned)i;
		c = mm_heap.ba.by128[i];
	} else {
		return kmalloc_pages(size);
	}
	mm_histogram_add(cpu, bin);
	return block_alloc_local(&mm_heap.ba, cpu, c);
}

/* kfree_on of a block whose first word looks free: the double-free
 * check, then the magazine (out of line: kfree_on reaches it by a tail
 * call and saves no register). */
static __attribute__((noinline)) void kfree_suspect(unsigned cpu, void *p)
{
	block_free_local(&mm_heap.ba, cpu, block_free_check(&mm_heap.ba, p), p);
}

/* Page allocations are told apart by address; a block is checked before
 * it enters this CPU's magazine. */
void kfree_on(unsigned cpu, void *p)
{
	unsigned cls;

	if (!p)
		return;
	if (page_alloc_owns(&mm_heap.pa, p)) {
		kfree_pages(p);
		return;
	}
	cls = block_free_class(&mm_heap.ba, p);
	if (mm_unlikely(cls == BLOCK_NCLASSES)) {
		kfree_suspect(cpu, p);
		return;
	}
	block_free_local(&mm_heap.ba, cpu, cls, p);
}

#ifndef MM_PLATFORM_KMALLOC
/* kmalloc_on and kfree_on inside the platform's local section, entered
 * through its hook. A platform that can enter it inline supplies kmalloc
 * and kfree itself (the kernel: kernel/mm/kmalloc_cpu.c; mm/kmalloc.h). */
void *kmalloc(size_t size)
{
	unsigned cpu;
	uint64_t t = mm_local_enter(mm_heap.plat, &cpu);
	void *p = kmalloc_on(cpu, size);

	mm_local_exit(mm_heap.plat, t);
	return p;
}

void kfree(void *p)
{
	unsigned cpu;
	uint64_t t = mm_local_enter(mm_heap.plat, &cpu);

	kfree_on(cpu, p);
	mm_local_exit(mm_heap.plat, t);
}
#endif

void *kmalloc_aligned(size_t size, size_t align)
{
	unsigned cpu;
	int c;

	if (!is_pow2(align) || align > BLOCK_MAX_ALIGN)
		return NULL;
	uint64_t t = mm_local_enter(mm_heap.plat, &cpu);
	void *p = NULL;

	mm_histogram_record(cpu, size);
	c = block_class_for(&mm_heap.ba, size, align);
	if (c >= 0)
		p = block_alloc_local(&mm_heap.ba, cpu, (unsigned)c);
	mm_local_exit(mm_heap.plat, t);
	return c >= 0 ? p : page_alloc_locked(size);
}

void kfree_aligned(void *p)
{
	kfree(p);
}

/* The page allocator's tree is under the lock; a block's size needs only
 * its own slab header. */
size_t ksize(const void *p)
{
	if (page_alloc_owns(&mm_heap.pa, p)) {
		uint64_t t = mm_lock(mm_heap.plat);
		size_t n = page_alloc_size(&mm_heap.pa, p);

		mm_unlock(mm_heap.plat, t);
		return n;
	}
	return block_usable_size(&mm_heap.ba, p);
}

void *kcalloc(size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	p = kmalloc(bytes);
	if (p)
		LIBK_FN(memset)(p, 0, bytes);
	return p;
}

void *krealloc(void *p, size_t size)
{
	void *q;
	size_t old;

	if (!p)
		return kmalloc(size);
	if (!size) {
		kfree(p);
		return NULL;
	}
	old = ksize(p);
	if (size <= old && (size > BLOCK_MAX_SIZE) == (old > BLOCK_MAX_SIZE))
		return p;
	q = kmalloc(size);
	if (!q)
		return NULL;
	LIBK_FN(memcpy)(q, p, min(old, size));
	kfree(p);
	return q;
}

uint64_t kmalloc_bytes_held(void)
{
	uint64_t t = mm_lock(mm_heap.plat);
	uint64_t bytes = mm_heap.pa.pages_mapped * PAGE_SIZE;

	for (unsigned i = 0; i < BLOCK_NCLASSES; i++)
		bytes += (uint64_t)mm_heap.ba.cls[i].nslabs * BLOCK_SLAB_SIZE;
	mm_unlock(mm_heap.plat, t);
	return bytes;
}

uint64_t kmalloc_frames_cached(void)
{
	return mm_rd(&mm_heap.pa.cache.pages);
}

/* The page cache first: dropping a cached range frees its node's block
 * into this CPU's magazine, which block_drain then empties. */
void mm_drain_caches(void)
{
	page_cache_drain(&mm_heap.pa);
	block_drain(&mm_heap.ba);
	frame_cache_drain(mm_heap.fa);
}

void mm_drain_local(void)
{
	block_drain_local(&mm_heap.ba);
	frame_cache_drain_local(mm_heap.fa);
}

void mm_drain_shared(void)
{
	page_cache_drain(&mm_heap.pa);
	mm_drain_local(); /* what dropping the ranges freed here */
}
