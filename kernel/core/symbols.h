/* SPDX-License-Identifier: MIT */
/*
 * Kernel symbol lookup for backtraces. The loader hands over an array of
 * struct tern_symbol sorted by link-time address plus a string table; the
 * kernel runs at link address + slide (slide = kernel_virt_base -
 * kernel_link_base), so a runtime address a is looked up as a - slide.
 * Portable: no arch headers, host-tested.
 */
#ifndef KERNEL_CORE_SYMBOLS_H
#define KERNEL_CORE_SYMBOLS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tern/bootinfo.h>

struct ksymtab {
	const struct tern_symbol *syms; /* sorted by addr */
	size_t count;
	const char *strtab;
	size_t strtab_size;
	uint64_t slide; /* runtime address = link address + slide */
};

/* The kernel's own table, filled by ksymtab_from_bootinfo at boot; empty
 * (count 0) until then. */
extern struct ksymtab kernel_symtab;

/* Point t at the symbol areas of a validated boot-info blob. */
void ksymtab_from_bootinfo(struct ksymtab *t, const struct tern_bootinfo *bi);

/* Resolve a runtime address to the function containing it. On success sets
 * *name (NUL-terminated, inside the strtab) and *off (bytes into the
 * function) and returns true. A symbol with size 0 covers up to the next
 * symbol; the last symbol must have a size. */
bool ksym_lookup(const struct ksymtab *t, uint64_t addr, const char **name,
                 uint64_t *off);

/* Index of the symbol holding runtime address addr, or t->count when no
 * symbol does (the same rules as ksym_lookup). */
size_t ksym_index(const struct ksymtab *t, uint64_t addr);
/* Symbol i's name, or NULL when i is out of range or its name is corrupt. */
const char *ksym_name(const struct ksymtab *t, size_t i);

/* Format addr as "name+0xoff" (or "0x<addr>" when unknown) into buf. */
void ksym_format(const struct ksymtab *t, uint64_t addr, char *buf,
                 size_t size);

/* The same for a return address taken from a stack frame: the call lies
 * before it, and after a call to a _Noreturn function the return address
 * can already be past the caller's last byte, so ret - 1 is looked up
 * (the offset printed is still that of ret). */
void ksym_format_return(const struct ksymtab *t, uint64_t ret, char *buf,
                        size_t size);
#endif
