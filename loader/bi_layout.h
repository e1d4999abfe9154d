/* SPDX-License-Identifier: MIT */
/* Where each area of the boot-info blob goes (the picture is in
 * include/tern/bootinfo.h). Portable. */
#ifndef TERN_LOADER_BI_LAYOUT_H
#define TERN_LOADER_BI_LAYOUT_H
#include <stdbool.h>
#include <stdint.h>
#include <tern/bootinfo.h>

struct bi_sizes {
	uint64_t memmap_cap;  /* struct tern_mem_range entries */
	uint64_t efi_map_cap; /* bytes for the raw EFI map */
	uint64_t cmdline_len; /* bytes, without the NUL */
	uint64_t sym_count;   /* struct tern_symbol entries */
	uint64_t str_size;    /* bytes of symbol names */
};

/* Zero *bi and fill magic, version, header_size, the area offsets, the
 * capacities (efi_map_size = efi_map_cap, memmap_count = memmap_cap,
 * cmdline_len, symtab_count, strtab_size) and size. Every area starts
 * 16-byte aligned. Returns false if the blob would exceed 4 GiB. */
bool bi_layout(struct tern_bootinfo *bi, const struct bi_sizes *s);
#endif
