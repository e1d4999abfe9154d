/* SPDX-License-Identifier: MIT */
/*
 * The checks every static-PIE ELF gets before anyone trusts it, shared by
 * the loader (the kernel ELF, loader/kelf.h) and the kernel (user
 * programs, kernel/proc/uelf.h). Portable: tests feed it crafted files.
 *
 *	struct elf_pie p;
 *	if (!elf_pie_parse(&p, file, size, &window))  -> p.err says why
 *
 * What elf_pie_parse refuses:
 *   anything but ELF64, little-endian, x86-64, ET_DYN (a static PIE);
 *   program headers not wholly inside the file;
 *   0 or more than ELF_PIE_MAX_SEGS PT_LOADs; a PT_LOAD that is empty,
 *   has filesz > memsz, lies outside the file, wraps, has
 *   vaddr != offset (mod 4096), lies outside the window, or is W+X;
 *   two PT_LOADs touching the same 4 KiB page; a span (first PT_LOAD page
 *   to last PT_LOAD page end) above window->max_span;
 *   more than one PT_DYNAMIC, or one outside the file;
 *   an entry point outside every executable PT_LOAD.
 * The other program headers it records without judging them (PT_INTERP,
 * PT_PHDR, PT_GNU_STACK, PT_GNU_RELRO): policy is the caller's.
 *
 * All addresses are link-time ones. Structures are copied out of the file
 * with memcpy, so the buffer needs no particular alignment.
 */
#ifndef LIBK_ELF_PIE_H
#define LIBK_ELF_PIE_H
#include <libk/printf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_PIE_MAX_SEGS 16
#define ELF_PIE_PAGE     4096ull

struct elf_pie_seg {
	uint64_t vaddr, memsz;   /* link-time placement */
	uint64_t offset, filesz; /* where the bytes are in the file */
	uint32_t flags;          /* PF_R | PF_W | PF_X */
	uint32_t index;          /* program header index, for messages */
};

/* Where an image may be linked: every PT_LOAD inside [start, end), the
 * whole image at most max_span bytes; name says where, in messages
 * ("segment 2 is not in the <name>"). The name is an array, not a
 * pointer, so that a window needs no load-time relocation: the loader's
 * EFI image has none for data (loader/CMakeLists.txt keeps no .rela.dyn). */
struct elf_pie_window {
	uint64_t start, end;
	uint64_t max_span;
	char name[16];
};

/* A program header the parser records but does not judge. */
struct elf_pie_ph {
	bool present;
	uint32_t flags;
	uint64_t offset, vaddr, filesz, memsz;
};

struct elf_pie {
	const uint8_t *file;
	size_t size;
	uint64_t entry;     /* e_entry */
	uint64_t link_base; /* page of the lowest PT_LOAD */
	uint64_t span;      /* page-rounded bytes up to the end of the last */
	uint64_t phoff;     /* e_phoff: the program headers in the file */
	uint16_t phnum;
	unsigned nseg;
	struct elf_pie_seg seg[ELF_PIE_MAX_SEGS]; /* sorted by vaddr */
	uint64_t dyn_offset, dyn_size; /* PT_DYNAMIC in the file, or 0 */
	struct elf_pie_ph interp, phdr, stack, relro; /* the last of each */
	char err[128]; /* why the last call failed */
};

/* Check file[0..size) as described above against window and fill p.
 * Returns false with a one-line reason in p->err (no trailing newline).
 * p keeps a pointer to the file. */
bool elf_pie_parse(struct elf_pie *p, const void *file, size_t size,
                   const struct elf_pie_window *window);

/* Format a reason into p->err and return false. */
bool elf_pie_fail(struct elf_pie *p, const char *fmt, ...)
    LIBK_PRINTF_LIKE(2, 3);

/* True if [off, off + len) lies inside [0, size) without overflow. */
static inline bool elf_pie_in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* Copy len bytes at file offset off into dst, if they lie inside the
 * file; false (dst untouched) otherwise. */
bool elf_pie_read(const struct elf_pie *p, uint64_t off, void *dst,
                  uint64_t len);

/* The PT_LOAD whose memory [vaddr, vaddr + memsz) holds all of
 * [addr, addr + len), or NULL. */
const struct elf_pie_seg *elf_pie_seg_at(const struct elf_pie *p, uint64_t addr,
                                         uint64_t len);

/* What PT_DYNAMIC says about relocations (gABI 5 "Dynamic Section";
 * addresses are link-time ones, sizes in bytes, absent tags 0). */
struct elf_pie_dyn {
	uint64_t rela, relasz, relaent, relacount;
	uint64_t jmprel, pltrelsz;
	uint64_t relr, relrsz, relrent;
	bool has_relaent, has_rel, has_textrel;
};

/* Read the dynamic table dyn[0..size) (inside the file, as elf_pie_parse
 * checked) up to DT_NULL or its end into *d. */
void elf_pie_dynamic(const uint8_t *dyn, uint64_t size, struct elf_pie_dyn *d);

/* The psABI name of an x86-64 relocation type the loaders refuse, for
 * messages ("unknown" for the rest). */
const char *elf_pie_reloc_name(uint32_t type);
#endif
