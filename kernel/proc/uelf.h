/* SPDX-License-Identifier: MIT */
/*
 * uelf: a user program (a static-PIE ELF) checked and turned into a load
 * plan, and its relocations applied through the caller's store. Portable:
 * no address-space code here, so tests/host/kernel and tests/fuzz run it.
 *
 *	struct uelf u;
 *	const char *err;
 *	if (uelf_parse(file, len, &u, &err))   -> -ENOEXEC, err says why
 *	pick a page-aligned load bias `base` (ASLR); the image occupies
 *	  [base + u.pie.link_base, base + u.pie.link_base + u.pie.span)
 *	for each u.pie.seg[i] (sorted by vaddr):
 *	  map [base + vaddr, + memsz) rounded out to pages, copy filesz
 *	  bytes from file + offset, zero the rest; its final protection is
 *	  uelf_prot(flags)
 *	uelf_relocate(&u, base, store, ctx)    -> stores base + addend
 *	mprotect [base + relro_start, base + relro_end) to PROT_READ
 *	AT_PHDR = base + u.phdr_vaddr, AT_PHNUM = u.pie.phnum,
 *	AT_ENTRY = base + u.pie.entry (see kernel/proc/ustack.h)
 *
 * The store writes through the kernel's own mapping of the new image, so
 * targets in a segment that ends up read-only (RELRO) are fine.
 *
 * What uelf_parse refuses, beyond the static-PIE checks of libk/elf_pie.h
 * (ELF64 LE x86-64 ET_DYN, program headers and PT_LOADs inside the file,
 * filesz <= memsz, vaddr == offset mod 4096, never W+X, no shared pages,
 * entry in an executable PT_LOAD) with the window [0, UELF_LINK_END) and
 * a span of at most UELF_MAX_SPAN:
 *   PT_INTERP (static programs only);
 *   PT_GNU_STACK with PF_X;
 *   PT_PHDR outside every PT_LOAD; PT_GNU_RELRO outside every PT_LOAD;
 *   DT_REL, DT_RELR, DT_TEXTREL, a non-empty DT_JMPREL;
 *   DT_RELAENT other than 24; a DT_RELA table that is not wholly inside
 *   the file bytes of one PT_LOAD; DT_RELACOUNT above the table's count;
 *   a relocation other than R_X86_64_RELATIVE or R_X86_64_NONE;
 *   a RELATIVE whose 8-byte target is not inside a writable PT_LOAD or
 *   the PT_GNU_RELRO range.
 */
#ifndef TERN_PROC_UELF_H
#define TERN_PROC_UELF_H
#include <libk/elf_pie.h>
#include <stddef.h>
#include <stdint.h>

#define UELF_LINK_END (1ull << 47) /* link-time addresses: the lower half */
#define UELF_MAX_SPAN (1ull << 30) /* 1 GiB of image at most */

struct uelf {
	struct elf_pie pie; /* segments, entry, link_base, span, phnum, file */
	/* AT_PHDR before the bias: PT_PHDR's vaddr, else the address of the
	 * program headers inside a loaded segment, else 0 (not loaded). */
	uint64_t phdr_vaddr;
	uint64_t rela_offset; /* the RELA table: file offset */
	uint64_t nrela;       /* entries, NONE included */
	uint64_t nrelative;   /* R_X86_64_RELATIVE among them */
	/* Pages to make read-only after relocating: PT_GNU_RELRO with both
	 * ends rounded down to pages, as ld.so does (the linker page-aligns
	 * its start), or 0, 0 without one. */
	uint64_t relro_start, relro_end;
};

/* Check file[0..len) and fill *out with its load plan. Returns 0, or
 * -ENOEXEC with *err pointing at a one-line reason inside *out. The file
 * must stay alive and unchanged for uelf_relocate. */
int uelf_parse(const void *file, size_t len, struct uelf *out,
               const char **err);

/* Writes the 8-byte value at user address uaddr of the new image; returns
 * 0 or a negative errno, which stops uelf_relocate. */
typedef int (*uelf_store_fn)(void *ctx, uint64_t uaddr, uint64_t value);

/* Apply the relocations of a parsed program loaded with bias base (page
 * aligned; the image must end at or below UELF_LINK_END): for each
 * R_X86_64_RELATIVE, store(ctx, base + r_offset, base + r_addend), in
 * table order. Returns 0, -EINVAL for a bad base, or the store's error. */
int uelf_relocate(const struct uelf *u, uint64_t base, uelf_store_fn store,
                  void *ctx);

/* PF_R/PF_W/PF_X to PROT_READ/PROT_WRITE/PROT_EXEC (tern/syscall.h). */
unsigned uelf_prot(uint32_t pf_flags);
#endif
