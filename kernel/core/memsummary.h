/* SPDX-License-Identifier: MIT */
/* Totals of the boot-info memory map per range type, for the banner and the
 * boot-info ktest. Portable: no arch headers, host-tested. */
#ifndef KERNEL_CORE_MEMSUMMARY_H
#define KERNEL_CORE_MEMSUMMARY_H
#include <stddef.h>
#include <stdint.h>
#include <tern/bootinfo.h>

struct mem_summary {
	uint64_t bytes[TERN_MEM_TYPE_COUNT]; /* per enum tern_mem_type */
	uint32_t ranges[TERN_MEM_TYPE_COUNT];
	uint64_t highest; /* end of the highest range of any type */
};

/* Sum n ranges into *s. Ranges of unknown type are counted in slot 0.
 * Sums saturate at UINT64_MAX instead of wrapping. */
void mem_summarize(const struct tern_mem_range *r, size_t n,
                   struct mem_summary *s);

/* "usable", "kernel", ... ; "unknown" for anything out of range. */
const char *mem_type_name(uint32_t type);
#endif
