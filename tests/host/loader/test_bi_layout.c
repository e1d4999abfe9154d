/* SPDX-License-Identifier: MIT */
/* Boot-info blob layout: areas in the documented order, aligned, disjoint,
 * inside [header_size, size); oversize requests refused. */
#include "bi_layout.h"
#include "test.h"

static void check_sizes(struct bi_sizes s)
{
	struct tern_bootinfo bi;
	uint64_t end;

	CHECK(bi_layout(&bi, &s));
	CHECK_EQ(bi.magic, TERN_BOOTINFO_MAGIC);
	CHECK_EQ(bi.version, TERN_BOOTINFO_VERSION);
	CHECK_EQ(bi.header_size, sizeof(bi));
	CHECK(bi.memmap_offset >= bi.header_size);
	end = bi.memmap_offset + s.memmap_cap * sizeof(struct tern_mem_range);
	CHECK(bi.efi_map_offset >= end);
	end = bi.efi_map_offset + s.efi_map_cap;
	CHECK(bi.cmdline_offset >= end);
	end = bi.cmdline_offset + s.cmdline_len + 1;
	CHECK(bi.symtab_offset >= end);
	end = bi.symtab_offset + s.sym_count * sizeof(struct tern_symbol);
	CHECK(bi.strtab_offset >= end);
	CHECK(bi.size >= bi.strtab_offset + s.str_size);
	CHECK((bi.memmap_offset | bi.efi_map_offset | bi.cmdline_offset |
	       bi.symtab_offset | bi.strtab_offset) %
	          16 ==
	      0);
	CHECK_EQ(bi.memmap_count, s.memmap_cap);
	CHECK_EQ(bi.efi_map_size, s.efi_map_cap);
	CHECK_EQ(bi.cmdline_len, s.cmdline_len);
	CHECK_EQ(bi.symtab_count, s.sym_count);
	CHECK_EQ(bi.strtab_size, s.str_size);
}

int main(void)
{
	struct tern_bootinfo bi;

	check_sizes((struct bi_sizes){0, 0, 0, 0, 0});
	check_sizes((struct bi_sizes){257, 6000, 13, 300, 4097});
	check_sizes((struct bi_sizes){1, 1, 1, 1, 1});
	CHECK(!bi_layout(&bi, &(struct bi_sizes){1ull << 40, 0, 0, 0, 0}));
	CHECK(!bi_layout(&bi, &(struct bi_sizes){0, 3ull << 30, 0, 0, 0}));
	CHECK(!bi_layout(&bi, &(struct bi_sizes){1 << 20, 1u << 30, 1u << 30,
	                                         1u << 26, 1u << 30}));
	return test_finish();
}
