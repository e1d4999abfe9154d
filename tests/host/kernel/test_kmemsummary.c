/* SPDX-License-Identifier: MIT */
/* Memory map totals per type. */
#include "core/memsummary.h"
#include "test.h"

int main(void)
{
	const struct tern_mem_range r[] = {
	    {0x0, 0xa0000, TERN_MEM_USABLE, 0},
	    {0x100000, 0x300000, TERN_MEM_KERNEL, 0},
	    {0x400000, 0x1000000, TERN_MEM_USABLE, 0},
	    {0xfee00000, 0x1000, TERN_MEM_MMIO, 0},
	    {0x100000000ull, 0x1000, 77, 0}, /* unknown type */
	    {UINT64_MAX - 10, UINT64_MAX, TERN_MEM_RESERVED, 0},
	};
	struct mem_summary s;

	mem_summarize(r, 5, &s);
	CHECK_EQ(s.bytes[TERN_MEM_USABLE], 0xa0000 + 0x1000000);
	CHECK_EQ(s.ranges[TERN_MEM_USABLE], 2);
	CHECK_EQ(s.bytes[TERN_MEM_KERNEL], 0x300000);
	CHECK_EQ(s.bytes[TERN_MEM_MMIO], 0x1000);
	CHECK_EQ(s.ranges[0], 1);
	CHECK_EQ(s.bytes[TERN_MEM_ACPI_NVS], 0);
	CHECK_EQ(s.highest, 0x100001000ull);
	mem_summarize(r, 6, &s); /* saturates instead of wrapping */
	CHECK(s.highest == UINT64_MAX);
	CHECK(s.bytes[TERN_MEM_RESERVED] == UINT64_MAX);
	mem_summarize(r, 0, &s);
	CHECK_EQ(s.highest, 0);
	CHECK_STREQ(mem_type_name(TERN_MEM_USABLE), "usable");
	CHECK_STREQ(mem_type_name(TERN_MEM_BAD), "bad");
	CHECK_STREQ(mem_type_name(0), "unknown");
	CHECK_STREQ(mem_type_name(TERN_MEM_TYPE_COUNT), "unknown");
	for (uint32_t t = 1; t < TERN_MEM_TYPE_COUNT; t++)
		CHECK(strcmp(mem_type_name(t), "unknown"));
	return test_finish();
}
