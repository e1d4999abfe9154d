/* SPDX-License-Identifier: MIT */
#include "bi_layout.h"
#include <libk/string.h>

#define AREA_ALIGN 16u
#define AREA_MAX   (1ull << 30)

/* Reserve len bytes at *pos (aligned); false if it grows past 4 GiB. */
static bool area(uint64_t *pos, uint64_t len, uint32_t *offset)
{
	uint64_t start = (*pos + AREA_ALIGN - 1) & ~(uint64_t)(AREA_ALIGN - 1);

	if (len > AREA_MAX || start + len > UINT32_MAX)
		return false;
	*offset = (uint32_t)start;
	*pos = start + len;
	return true;
}

bool bi_layout(struct tern_bootinfo *bi, const struct bi_sizes *s)
{
	uint64_t pos = sizeof(*bi);

	LIBK_FN(memset)(bi, 0, sizeof(*bi));
	bi->magic = TERN_BOOTINFO_MAGIC;
	bi->version = TERN_BOOTINFO_VERSION;
	bi->header_size = sizeof(*bi);
	if (s->memmap_cap > AREA_MAX || s->sym_count > AREA_MAX ||
	    !area(&pos, s->memmap_cap * sizeof(struct tern_mem_range),
	          &bi->memmap_offset) ||
	    !area(&pos, s->efi_map_cap, &bi->efi_map_offset) ||
	    !area(&pos, s->cmdline_len + 1, &bi->cmdline_offset) ||
	    !area(&pos, s->sym_count * sizeof(struct tern_symbol),
	          &bi->symtab_offset) ||
	    !area(&pos, s->str_size, &bi->strtab_offset))
		return false;
	bi->memmap_count = (uint32_t)s->memmap_cap;
	bi->efi_map_size = (uint32_t)s->efi_map_cap;
	bi->cmdline_len = (uint32_t)s->cmdline_len;
	bi->symtab_count = (uint32_t)s->sym_count;
	bi->strtab_size = (uint32_t)s->str_size;
	bi->size = (uint32_t)pos;
	return true;
}
