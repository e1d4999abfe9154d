/* SPDX-License-Identifier: MIT */
/*
 * Physical frame allocator: one bit per 4 KiB frame between the lowest and
 * the highest RAM frame of the boot memory map, with two summary
 * hierarchies so that no allocation scans linearly:
 *
 *   free   hbitmap over frames: bit = frame is free; its level 1 has one bit
 *          per 64-frame word "has a free frame" (single-frame allocation)
 *   full   hbitmap over 64-frame words: bit = all 64 frames free
 *          (contiguous allocations of >= 64 frames, 2 MiB pages)
 *   usable plain bitmap: bit = frame belongs to the allocator
 *
 * The storage of all three is carved from the start of the first USABLE
 * range big enough to hold it, and reached through the direct map:
 *
 *   first big-enough USABLE range
 *   +--------------------+--------------------+---------+--------------+
 *   | free hbitmap       | full hbitmap       | usable  | free frames  |
 *   | (all levels)       | (all levels)       | bitmap  | ...          |
 *   +--------------------+--------------------+---------+--------------+
 *   ^ meta_phys           counted as reserved, never allocatable
 *
 * Per-CPU caches (frame_cache.c): frame_alloc and frame_free work on the
 * running CPU's stack of up to FRAME_MAG_CAP frames inside the platform's
 * local section, with no lock; an empty stack takes FRAME_MAG_MOVE frames
 * from the bitmap, a full one gives its oldest FRAME_MAG_MOVE back, each
 * time under the lock. So single-frame churn never reads the bitmaps,
 * whatever the memory size. Checks on frame_free: alignment and "inside
 * the span" at once, a frame already in this CPU's stack (double free) at
 * once; reserved, never allocated or double freed through another CPU
 * when the stack flushes to the bitmap (the bitmap words are the cache
 * misses the stack exists to avoid).
 *
 * Locking: every other public function holds the platform's lock
 * (mm/platform.h) while it reads or changes the bitmaps; the kernel's
 * lock is "interrupts off", the host tests pass none or a spinlock.
 */
#ifndef MM_FRAME_ALLOC_H
#define MM_FRAME_ALLOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <mm/hbitmap.h>
#include <mm/platform.h>
#include <tern/bootinfo.h>

#define FRAME_SIZE     4096ull
#define FRAME_SHIFT    12
#define FRAME_MAX_RESV 64 /* reserved ranges remembered for diagnostics */
#define FRAME_MAG_CAP  32 /* single frames a CPU caches at most */
#define FRAME_MAG_MOVE 16 /* frames a refill or flush moves at once */

struct frame_resv {
	uint64_t base, end; /* physical, [base, end) */
	uint32_t type;      /* enum tern_mem_type */
};

/* One CPU's cache of free single frames (frame numbers, a stack). Its
 * frames are allocated in the bitmap and counted as free. seen[h] counts
 * the cached frames whose hash is h: a free whose count is 0 cannot be a
 * duplicate and skips the scan of the stack. */
#define FRAME_MAG_HASH 256
struct frame_mag {
	_Alignas(64) uint32_t n;
	uint64_t pfn[FRAME_MAG_CAP];
	uint8_t seen[FRAME_MAG_HASH];
};

struct frame_alloc {
	uint64_t base_pfn; /* first frame of the span */
	uint64_t nframes;  /* frames in the span */
	uint64_t nwords;   /* 64-frame words in the span */
	struct hbitmap free, full;
	uint64_t *usable;
	uint64_t meta_phys, meta_frames;
	uint64_t nfree, nmanaged, nreserved;
	uint64_t single_hint; /* word where the last single frame came from */
	uint64_t contig_hint; /* word where the last contiguous search ended */
	struct frame_resv resv[FRAME_MAX_RESV];
	unsigned nresv;
	const struct mm_platform *plat; /* its lock guards everything above */
	struct frame_mag mag[MM_MAX_CPUS]; /* CPU i's, in its local section */
};

/* free includes the frames cached per CPU (cached says how many). */
struct frame_counts {
	uint64_t free, used, reserved, managed, cached;
};

/*
 * Build the allocator from a memory map (any order; ranges may not
 * overlap). USABLE frames become free; LOADER_ and ACPI_RECLAIMABLE frames
 * are inside the span but stay out until frame_add_range. Returns 0, or -1
 * if the map has no RAM or no USABLE range can hold the bitmaps.
 */
int frame_init(struct frame_alloc *fa, const struct tern_mem_range *map,
               size_t count, const struct mm_platform *plat);

/* One frame: its physical address, or MM_NO_PHYS when none is free. */
uint64_t frame_alloc(struct frame_alloc *fa);
/* Return one frame. Panics on a double free, a frame outside managed
 * memory, a reserved frame or a misaligned address. */
void frame_free(struct frame_alloc *fa, uint64_t phys);

/*
 * n contiguous frames whose first frame number is a multiple of align
 * (a power of two, in frames; 512 for a 2 MiB page). Runs shorter than 64
 * frames with align <= 64 are found inside one 64-frame word; longer or
 * more aligned runs start on a word boundary. MM_NO_PHYS if none.
 */
uint64_t frame_alloc_contig(struct frame_alloc *fa, uint64_t n, uint64_t align);
/* The same, for a run that ends at or below physical address limit (a
 * device that reaches only 32 address bits: limit 4 GiB). */
uint64_t frame_alloc_contig_below(struct frame_alloc *fa, uint64_t n,
                                  uint64_t align, uint64_t limit);
/* Free n frames from phys, with frame_free's checks on each. */
void frame_free_contig(struct frame_alloc *fa, uint64_t phys, uint64_t n);

/*
 * Give the allocator [base, base + len) (e.g. loader-reclaimable memory once
 * boot-info has been copied). Only whole frames inside the span that are
 * not yet managed are added; returns how many were.
 */
uint64_t frame_add_range(struct frame_alloc *fa, uint64_t base, uint64_t len);

struct frame_counts frame_counts(const struct frame_alloc *fa);

/* True if phys lies in a frame the allocator manages and has handed out
 * (false for free, cached, reserved or unmanaged frames). */
bool frame_is_allocated(const struct frame_alloc *fa, uint64_t phys);

/* Give every CPU's cached frames back to the bitmap, with the full checks.
 * No other CPU may be using fa meanwhile (host: threads joined; kernel:
 * only the boot CPU allocates yet). */
void frame_cache_drain(struct frame_alloc *fa);
/* The same for the running CPU only (safe at any time); returns whether it
 * held any frame. */
bool frame_cache_drain_local(struct frame_alloc *fa);
#endif
