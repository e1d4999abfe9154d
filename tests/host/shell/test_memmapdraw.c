/* SPDX-License-Identifier: MIT */
/* The memory-map picture's cell layout. */
#include "shell/memmap_draw.h"
#include "test.h"

static void test_proportions(void)
{
	const struct tern_mem_range r[] = {
	    {0x0, 0x100000, TERN_MEM_USABLE, 0},
	    {0x100000, 0x400000, TERN_MEM_KERNEL, 0},
	    {0x800000, 250ull << 20, TERN_MEM_USABLE, 0},
	    {0xff000000, 0x10000, TERN_MEM_ACPI_NVS, 0},
	};
	uint8_t cells[100];
	size_t used = memmap_cells(r, 4, cells, sizeof(cells));
	size_t count[TERN_MEM_TYPE_COUNT] = {0};

	CHECK(used <= sizeof(cells));
	CHECK(used >= sizeof(cells) - 4); /* rounding loses < 1 per range */
	for (size_t i = 0; i < used; i++)
		count[cells[i]]++;
	CHECK(count[TERN_MEM_ACPI_NVS] == 1); /* tiny: still one cell */
	CHECK(count[TERN_MEM_KERNEL] >= 2);
	CHECK(count[TERN_MEM_USABLE] > 90);
	CHECK_EQ(cells[0], TERN_MEM_USABLE); /* in map order */
	CHECK_EQ(cells[used - 1], TERN_MEM_ACPI_NVS);
}

static void test_edges(void)
{
	const struct tern_mem_range r[3] = {
	    {0, 0, TERN_MEM_USABLE, 0},
	    {0, ~0ull, TERN_MEM_RESERVED, 0},
	    {0, ~0ull, TERN_MEM_BAD, 0},
	};
	uint8_t cells[8];

	CHECK_EQ(memmap_cells(r, 0, cells, 8), 0);
	CHECK_EQ(memmap_cells(r, 3, cells, 2), 0); /* fewer cells than ranges */
	CHECK_EQ(memmap_cells(r, 3, cells, 8), 7); /* huge sizes: 1 + 3 + 3 */
	CHECK_EQ(memmap_cells(r, 1, cells, 8), 1); /* zero total */
}

int main(void)
{
	test_proportions();
	test_edges();
	return test_finish();
}
