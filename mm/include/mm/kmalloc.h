/* SPDX-License-Identifier: MIT */
/*
 * The kernel heap. Requests up to 4 KiB go to the block allocator, larger
 * ones to the page allocator; kfree tells them apart by address (page
 * allocations live in their own virtual region). Every request size is
 * recorded in the histogram (mm/histogram.h).
 *
 *   kmalloc(n)            n bytes, aligned to the largest power of two
 *                         dividing the class size (>= 8); n == 0 gives a
 *                         minimal block that kfree accepts
 *   kmalloc_aligned(n,a)  a a power of two <= 4096, else NULL
 *   kcalloc(n,s)          zeroed; NULL if n * s overflows
 *   krealloc(p,n)         p == NULL: kmalloc; n == 0: kfree, NULL
 *   kfree(p)              any of the above; NULL is ignored
 *
 * Locking: blocks come from and go to the running CPU's magazines inside
 * the platform's local section (no lock), and so do the per-CPU depots
 * behind them; the page path and the slabs hold the platform's lock
 * (mm/platform.h). Callers need no lock of their
 * own.
 */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libk/printf.h>
#include <mm/block_alloc.h>
#include <mm/frame_alloc.h>
#include <mm/page_alloc.h>
#include <mm/platform.h>

struct mm_heap {
	const struct mm_platform *plat;
	struct frame_alloc *fa;
	struct block_alloc ba;
	struct page_alloc pa;
};

extern struct mm_heap mm_heap;
/* True when mm/ was built with TERN_MM_DEBUG (poisoning). */
extern const bool mm_heap_debug;

/*
 * Set up the heap over an initialised frame allocator: slabs come from
 * 16-frame runs reached through the direct map, big allocations from the
 * virtual region [va_base, va_base + va_size). cfg NULL: default reserves.
 * Returns 0, or -1 if the reserves or the region could not be set up.
 */
int mm_init(const struct mm_platform *plat, struct frame_alloc *fa,
            uint64_t va_base, uint64_t va_size, const struct block_config *cfg);

void *kmalloc(size_t size);
/*
 * kmalloc and kfree for a caller already inside the platform's local
 * section on CPU cpu (mm/platform.h, local_enter). kmalloc and kfree are
 * these between local_enter and local_exit; a platform that can enter
 * its section inline builds mm/ with MM_PLATFORM_KMALLOC and supplies
 * kmalloc and kfree itself, saving the hook's indirect call on every
 * request (the kernel: interrupts off and one GS-relative load,
 * kernel/mm/kmalloc_cpu.c).
 */
void *kmalloc_on(unsigned cpu, size_t size);
void kfree_on(unsigned cpu, void *p);
void *kmalloc_aligned(size_t size, size_t align);
void *kcalloc(size_t n, size_t size);
void *krealloc(void *p, size_t size);
void kfree(void *p);
/* kfree for kmalloc_aligned memory (the same thing; kept for clarity). */
void kfree_aligned(void *p);
/* Bytes usable at p (>= the size asked for). */
size_t ksize(const void *p);

/* Give every per-CPU cache (blocks, cached page ranges, frames) back to
 * the shared structures, so that frame counts and slab statistics are
 * exact. No other CPU may be using mm/ meanwhile (host: threads joined;
 * kernel: only the boot CPU allocates yet). */
void mm_drain_caches(void);
/* The same while other CPUs allocate, in two steps: every CPU runs
 * mm_drain_local (its own blocks, depots included, and frames), then one
 * runs mm_drain_shared (cached page ranges). Frames another CPU frees
 * meanwhile may land in its cache again: exact only when it is quiet. */
void mm_drain_local(void);
void mm_drain_shared(void);

/* Bytes held from the frame allocator by the heap: slabs and mapped pages
 * (cached page ranges included). */
uint64_t kmalloc_bytes_held(void);
/* Frames the heap holds for reuse only, not for any allocation: the
 * freed page ranges its cache keeps mapped (a relaxed read, no lock).
 * Used frames minus these come back to their level once memory is
 * freed. */
uint64_t kmalloc_frames_cached(void);

/* Print per-class statistics, page-allocator and frame counts and the
 * request histogram, a line at a time, through sink. */
void kmalloc_stats_dump(libk_sink_fn sink, void *ctx);
/* Only the request-size histogram part of it. */
void kmalloc_histogram_dump(libk_sink_fn sink, void *ctx);
#endif
