/* SPDX-License-Identifier: MIT */
/*
 * The kernel ELF, checked and loaded. Portable (no EFI or arch headers) so
 * that tests/host/loader feeds it crafted and corrupted files. The checks
 * are the static-PIE ones every tern ELF gets (libk/elf_pie.h), with the
 * kernel's window: the higher half, at most KELF_MAX_SPAN bytes.
 *
 *	struct kelf k;
 *	if (!kelf_parse(&k, file, size))   -> k.err says why, one line
 *	image = allocate k.span bytes, physically contiguous
 *	if (!kelf_load(&k, image, virt_base)) -> k.err
 *	kelf_symbols(&k, ...)              -> function symbols for backtraces
 *
 * What the kernel must be (kelf_parse refuses anything else):
 *   ELF64, little-endian, x86-64, ET_DYN (a static PIE);
 *   1..KELF_MAX_SEGS PT_LOADs, each inside the file, filesz <= memsz,
 *   vaddr == offset (mod 4096), vaddr in the higher half, never W+X,
 *   no two PT_LOADs touching the same 4 KiB page;
 *   the entry point inside an executable PT_LOAD.
 *
 * The image occupies [link_base, link_base + span) at link time, where
 * link_base is the lowest PT_LOAD page; it is mapped at virt_base, so every
 * address moves by slide = virt_base - link_base.
 */
#ifndef TERN_LOADER_KELF_H
#define TERN_LOADER_KELF_H
#include <libk/elf_pie.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tern/bootinfo.h>

#define KELF_MAX_SEGS ELF_PIE_MAX_SEGS
#define KELF_MAX_SPAN (1ull << 30) /* the kernel lives in the top 2 GiB */
#define KELF_PAGE     ELF_PIE_PAGE

struct kelf {
	const uint8_t *file;
	size_t size;
	uint64_t entry;     /* link-time e_entry */
	uint64_t link_base; /* page of the lowest PT_LOAD */
	uint64_t span;      /* page-rounded bytes up to the end of the last */
	unsigned nseg;
	struct elf_pie_seg seg[KELF_MAX_SEGS]; /* sorted by vaddr */
	uint64_t dyn_offset, dyn_size; /* PT_DYNAMIC in the file, or 0 */
	char err[128];                 /* why the last call failed */
};

/* Check file[0..size) as described above and fill k. Returns false with a
 * one-line reason in k->err (no trailing newline). The file must stay alive
 * for kelf_load and kelf_symbols. */
bool kelf_parse(struct kelf *k, const void *file, size_t size);

/* Copy the segments into image[0..k->span) (zeroing the rest) and apply
 * the dynamic relocations (RELA and RELR; only R_X86_64_RELATIVE and
 * R_X86_64_NONE) for the image running at virt_base, which must be page
 * aligned. Returns false with k->err set on a bad or unsupported
 * relocation; image is then garbage. */
bool kelf_load(struct kelf *k, void *image, uint64_t virt_base);

/* Function symbols from .symtab (link-time addresses). With syms == NULL,
 * only counts: *count and *strsize get what the arrays need. Otherwise
 * fills up to cap symbols and strcap bytes of NUL-terminated names and
 * sorts syms by address. No .symtab gives 0 symbols. Returns false with
 * k->err set when the section headers or symbol table are malformed, or
 * when the output does not fit. */
bool kelf_symbols(struct kelf *k, struct tern_symbol *syms, uint32_t cap,
                  char *strtab, uint32_t strcap, uint32_t *count,
                  uint32_t *strsize);

#endif
