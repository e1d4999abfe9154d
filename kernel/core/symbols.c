/* SPDX-License-Identifier: MIT */
#include <libk/printf.h>
#include <libk/string.h>
#include "core/symbols.h"

struct ksymtab kernel_symtab;

void ksymtab_from_bootinfo(struct ksymtab *t, const struct tern_bootinfo *bi)
{
	const char *base = (const char *)bi;

	t->syms = (const struct tern_symbol *)(const void *)(base +
	                                                     bi->symtab_offset);
	t->count = bi->symtab_count;
	t->strtab = base + bi->strtab_offset;
	t->strtab_size = bi->strtab_size;
	t->slide = bi->kernel_virt_base - bi->kernel_link_base;
}

/* Index of the last symbol with addr <= a, or count if there is none. */
static size_t last_at_or_below(const struct ksymtab *t, uint64_t a)
{
	size_t lo = 0, hi = t->count; /* answer is in [lo, hi) + "none" */

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->syms[mid].addr <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : t->count;
}

/* The symbol's name if name_off points at a NUL-terminated string inside
 * the strtab, else NULL. */
static const char *sym_name(const struct ksymtab *t,
                            const struct tern_symbol *s)
{
	size_t left;

	if (s->name_off >= t->strtab_size)
		return NULL;
	left = t->strtab_size - s->name_off;
	if (!LIBK_FN(memchr)(t->strtab + s->name_off, 0, left))
		return NULL;
	return t->strtab + s->name_off;
}

size_t ksym_index(const struct ksymtab *t, uint64_t addr)
{
	uint64_t a = addr - t->slide;
	size_t i;
	const struct tern_symbol *s;

	if (!t->syms || !t->count)
		return t->count;
	i = last_at_or_below(t, a);
	if (i == t->count)
		return t->count;
	s = &t->syms[i];
	if (s->size ? a - s->addr >= s->size : i + 1 == t->count)
		return t->count;
	return i;
}

const char *ksym_name(const struct ksymtab *t, size_t i)
{
	return i < t->count ? sym_name(t, &t->syms[i]) : NULL;
}

bool ksym_lookup(const struct ksymtab *t, uint64_t addr, const char **name,
                 uint64_t *off)
{
	size_t i = ksym_index(t, addr);

	if (i == t->count)
		return false;
	*name = sym_name(t, &t->syms[i]);
	*off = addr - t->slide - t->syms[i].addr;
	return *name != NULL;
}

/* Format addr, looked up as addr - bias, as "name+0xoff" (off relative to
 * addr) or as a bare address. */
static void format_biased(const struct ksymtab *t, uint64_t addr, uint64_t bias,
                          char *buf, size_t size)
{
	const char *name;
	uint64_t off;

	if (ksym_lookup(t, addr - bias, &name, &off))
		LIBK_FN(snprintf)
	(buf, size, "%s+0x%llx", name, (unsigned long long)(off + bias));
	else LIBK_FN(snprintf)(buf, size, "0x%016llx",
	                       (unsigned long long)addr);
}

void ksym_format(const struct ksymtab *t, uint64_t addr, char *buf, size_t size)
{
	format_biased(t, addr, 0, buf, size);
}

void ksym_format_return(const struct ksymtab *t, uint64_t ret, char *buf,
                        size_t size)
{
	format_biased(t, ret, ret ? 1 : 0, buf, size);
}
