/* SPDX-License-Identifier: MIT */
/* kelf_parse: the kernel ELF through the shared static-PIE checks
 * (libk/elf_pie.c), with the kernel's window. */
#include "kelf_priv.h"
#include <libk/string.h>
#include <stdarg.h>
#include <tern/layout.h>

bool kelf_fail(struct kelf *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	LIBK_FN(vsnprintf)(k->err, sizeof(k->err), fmt, ap);
	va_end(ap);
	return false;
}

bool kelf_read(const struct kelf *k, uint64_t off, void *dst, uint64_t len)
{
	if (!elf_pie_in_bounds(off, len, k->size))
		return false;
	LIBK_FN(memcpy)(dst, k->file + off, len);
	return true;
}

bool kelf_parse(struct kelf *k, const void *file, size_t size)
{
	static const struct elf_pie_window higher_half = {
	    TERN_HIGHER_HALF, ~0ull, KELF_MAX_SPAN, "higher half"};
	struct elf_pie p;
	unsigned i;
	bool ok = elf_pie_parse(&p, file, size, &higher_half);

	LIBK_FN(memset)(k, 0, sizeof(*k));
	k->file = file;
	k->size = size;
	_Static_assert(sizeof(k->err) == sizeof(p.err), "same reasons");
	LIBK_FN(memcpy)(k->err, p.err, sizeof(k->err));
	if (!ok)
		return false;
	k->entry = p.entry;
	k->link_base = p.link_base;
	k->span = p.span;
	k->nseg = p.nseg;
	for (i = 0; i < p.nseg; i++)
		k->seg[i] = p.seg[i];
	k->dyn_offset = p.dyn_offset;
	k->dyn_size = p.dyn_size;
	return true;
}
