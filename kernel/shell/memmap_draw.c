/* SPDX-License-Identifier: MIT */
#include "shell/memmap_draw.h"

/* Sizes are counted in MiB: a range is at most 2^44 of them and there are
 * at most 2^16 cells, so size * cells stays below 2^64. */
#define UNIT_SHIFT 20

size_t memmap_cells(const struct tern_mem_range *r, size_t n, uint8_t *cells,
                    size_t ncells)
{
	uint64_t total = 0;
	size_t spare, used = 0;

	if (!n || ncells < n || ncells > MEMMAP_MAX_CELLS)
		return 0;
	for (size_t i = 0; i < n; i++)
		total += r[i].length >> UNIT_SHIFT;
	spare = ncells - n; /* cells beyond the one each range gets */
	for (size_t i = 0; i < n; i++) {
		size_t share =
		    total
		        ? (size_t)((r[i].length >> UNIT_SHIFT) * spare / total)
		        : 0;

		for (size_t k = 0; k < 1 + share && used < ncells; k++)
			cells[used++] = (uint8_t)r[i].type;
	}
	return used;
}
