/* SPDX-License-Identifier: MIT */
/* Request-size histogram storage (see mm/histogram.h). */
#include <libk/string.h>
#include <mm/histogram.h>

_Alignas(64) uint64_t mm_histogram[MM_MAX_CPUS + 1][MM_HIST_BINS];

uint64_t mm_histogram_count(unsigned b)
{
	uint64_t n = 0;

	for (unsigned c = 0; c <= MM_HIST_LOCKED; c++)
		n += mm_rd(&mm_histogram[c][b]);
	return n;
}

uint64_t mm_histogram_bin_max(unsigned b)
{
	if (b <= 128)
		return b * 8ull;
	if (b < MM_HIST_PAGE)
		return (b - MM_HIST_BY128) * 128ull;
	unsigned f = 12 + (b - MM_HIST_PAGE) / 4, q = (b - MM_HIST_PAGE) % 4;

	/* sizes s with s-1 in [2^f + q 2^(f-2), 2^f + (q+1) 2^(f-2)) */
	return (1ull << f) + (q + 1ull) * (1ull << (f - 2));
}

void mm_histogram_reset(void)
{
	LIBK_FN(memset)(mm_histogram, 0, sizeof(mm_histogram));
}
