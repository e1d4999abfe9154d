/* SPDX-License-Identifier: MIT */
#include <libk/string.h>
#include "core/memsummary.h"

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

void mem_summarize(const struct tern_mem_range *r, size_t n,
                   struct mem_summary *s)
{
	LIBK_FN(memset)(s, 0, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		uint32_t t = r[i].type < TERN_MEM_TYPE_COUNT ? r[i].type : 0;
		uint64_t end = sat_add(r[i].base, r[i].length);

		s->bytes[t] = sat_add(s->bytes[t], r[i].length);
		s->ranges[t]++;
		if (end > s->highest)
			s->highest = end;
	}
}

const char *mem_type_name(uint32_t type)
{
	static const char *const names[TERN_MEM_TYPE_COUNT] = {
	    [TERN_MEM_USABLE] = "usable",
	    [TERN_MEM_LOADER_RECLAIMABLE] = "loader-reclaimable",
	    [TERN_MEM_KERNEL] = "kernel",
	    [TERN_MEM_ACPI_RECLAIMABLE] = "ACPI reclaimable",
	    [TERN_MEM_ACPI_NVS] = "ACPI NVS",
	    [TERN_MEM_MMIO] = "MMIO",
	    [TERN_MEM_FRAMEBUFFER] = "framebuffer",
	    [TERN_MEM_RESERVED] = "reserved",
	    [TERN_MEM_BAD] = "bad",
	    [TERN_MEM_INITRD] = "initrd",
	};

	if (type >= TERN_MEM_TYPE_COUNT || !names[type])
		return "unknown";
	return names[type];
}
