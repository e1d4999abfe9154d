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
	rc = block_init(&mm_heap.ba, &src, plat->random(plat->ctx), cfg);
	if (page_alloc_init(&mm_heap.pa, plat, fa, &mm_heap.ba, va_base,
	                    va_size))
		rc = -1;
	return rc;
}

/* The size lookup index doubles as the histogram bin (mm/histogram.h). */
static void *kmalloc_nolock(size_t size)
{
	unsigned c;

	if (mm_likely(size <= 1024)) {
		size_t i = (size + 7) >> 3;

		mm_histogram[i]++;
		c = mm_heap.ba.by8[i];
	} else if (size <= BLOCK_MAX_SIZE) {
		size_t i = (size + 127) >> 7;

		mm_histogram[MM_HIST_BY128 + i]++;
		c = mm_heap.ba.by128[i];
	} else {
		mm_histogram_record(size);
		return page_alloc(&mm_heap.pa, size);
	}
	return block_alloc_inline(&mm_heap.ba, c);
}

static void *kmalloc_aligned_nolock(size_t size, size_t align)
{
	int c;

	if (!is_pow2(align) || align > BLOCK_MAX_ALIGN)
		return NULL;
	mm_histogram_record(size);
	c = block_class_for(&mm_heap.ba, size, align);
	if (c >= 0)
		return block_alloc(&mm_heap.ba, (unsigned)c);
	return page_alloc(&mm_heap.pa, size);
}

static void kfree_nolock(void *p)
{
	if (!p)
		return;
	if (page_alloc_owns(&mm_heap.pa, p))
		page_free(&mm_heap.pa, p);
	else
		block_free_inline(&mm_heap.ba, p);
}

void kfree_aligned(void *p)
{
	kfree(p);
}

static size_t ksize_nolock(const void *p)
{
	if (page_alloc_owns(&mm_heap.pa, p))
		return page_alloc_size(&mm_heap.pa, p);
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
	uint64_t bytes = mm_heap.pa.pages_mapped * PAGE_SIZE;

	for (unsigned i = 0; i < BLOCK_NCLASSES; i++)
		bytes += (uint64_t)mm_heap.ba.cls[i].nslabs * BLOCK_SLAB_SIZE;
	return bytes;
}

/* The public entry points take the platform's lock (mm/platform.h) around
 * the _nolock bodies; kcalloc and krealloc are built on them. */
void *kmalloc(size_t size)
{
	uint64_t t = mm_lock(mm_heap.plat);
	void *p = kmalloc_nolock(size);

	mm_unlock(mm_heap.plat, t);
	return p;
}

void *kmalloc_aligned(size_t size, size_t align)
{
	uint64_t t = mm_lock(mm_heap.plat);
	void *p = kmalloc_aligned_nolock(size, align);

	mm_unlock(mm_heap.plat, t);
	return p;
}

void kfree(void *p)
{
	uint64_t t = mm_lock(mm_heap.plat);

	kfree_nolock(p);
	mm_unlock(mm_heap.plat, t);
}

size_t ksize(const void *p)
{
	uint64_t t = mm_lock(mm_heap.plat);
	size_t n = ksize_nolock(p);

	mm_unlock(mm_heap.plat, t);
	return n;
}
