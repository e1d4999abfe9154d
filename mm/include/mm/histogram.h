/* SPDX-License-Identifier: MIT */
/*
 * Histogram of kmalloc request sizes, recorded from boot on, so the kernel
 * can print the real allocation profile and the size classes can be chosen
 * from it. Bins: 8-byte steps up to 128 bytes, then 4 bins per power of two.
 */
#ifndef MM_HISTOGRAM_H
#define MM_HISTOGRAM_H
#include <stddef.h>
#include <stdint.h>

#define MM_HIST_BINS 160

extern uint64_t mm_histogram[MM_HIST_BINS];

/* The bin of a request of size bytes. */
static inline unsigned mm_histogram_bin(size_t size)
{
	if (size <= 128)
		return (unsigned)((size + 7) >> 3);
	unsigned f = 63 - (unsigned)__builtin_clzll(size - 1); /* >= 7 */
	unsigned b = 17 + 4 * (f - 7) + (unsigned)(((size - 1) >> (f - 2)) & 3);

	return b < MM_HIST_BINS ? b : MM_HIST_BINS - 1;
}

/* Largest size that falls into bin b (for printing). */
uint64_t mm_histogram_bin_max(unsigned b);

static inline void mm_histogram_record(size_t size)
{
	mm_histogram[mm_histogram_bin(size)]++;
}

void mm_histogram_reset(void);
#endif
