/* SPDX-License-Identifier: MIT */
/*
 * Histogram of kmalloc request sizes, recorded from boot on, so the kernel
 * can print the real allocation profile and the size classes can be chosen
 * from it. The bins up to 4 KiB are the block allocator's own size-lookup
 * indices, so recording costs kmalloc one increment and no extra work:
 *
 *   bins   0..128   8-byte steps:    size in (8(b-1), 8b]       (<= 1 KiB)
 *   bins 129..152   128-byte steps:  size in (128(b-121), 128(b-120)]
 *   bins 153..      4 bins per power of two above 4 KiB (page path)
 */
#ifndef MM_HISTOGRAM_H
#define MM_HISTOGRAM_H
#include <stddef.h>
#include <stdint.h>
#include <mm/platform.h>

#define MM_HIST_BINS  256
#define MM_HIST_BY128 120 /* bin = MM_HIST_BY128 + ceil(size / 128) */
#define MM_HIST_PAGE  153 /* first bin above 4 KiB */

/* One row per CPU, written only inside that CPU's local section (no shared
 * cache line on the fast path), and one more row, MM_HIST_LOCKED, written
 * under the platform lock (the page path, which takes it anyway);
 * mm_histogram_count sums the rows. */
#define MM_HIST_LOCKED MM_MAX_CPUS
extern uint64_t mm_histogram[MM_MAX_CPUS + 1][MM_HIST_BINS];

/* The bin of a request of size bytes. */
static inline unsigned mm_histogram_bin(size_t size)
{
	if (size <= 1024)
		return (unsigned)((size + 7) >> 3);
	if (size <= 4096)
		return MM_HIST_BY128 + (unsigned)((size + 127) >> 7);
	unsigned f = 63 - (unsigned)__builtin_clzll(size - 1); /* >= 12 */
	uint64_t b =
	    MM_HIST_PAGE + 4ull * (f - 12) + (((size - 1) >> (f - 2)) & 3);

	return b < MM_HIST_BINS ? (unsigned)b : MM_HIST_BINS - 1;
}

/* Largest size that falls into bin b (for printing). */
uint64_t mm_histogram_bin_max(unsigned b);

/* Count a request in bin b of CPU cpu's row (inside its local section), or
 * of row MM_HIST_LOCKED (under the lock). */
static inline void mm_histogram_add(unsigned cpu, unsigned b)
{
	uint64_t *h = &mm_histogram[cpu][b];

	mm_wr(h, mm_rd(h) + 1);
}

static inline void mm_histogram_record(unsigned cpu, size_t size)
{
	mm_histogram_add(cpu, mm_histogram_bin(size));
}

/* Requests in bin b, all CPUs (a snapshot). */
uint64_t mm_histogram_count(unsigned b);

void mm_histogram_reset(void);
#endif
