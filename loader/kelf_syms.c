/* SPDX-License-Identifier: MIT */
/* kelf_symbols: the kernel's function symbols from .symtab/.strtab (gABI 4,
 * "Sections" and "Symbol Table"), for the kernel's backtraces. */
#include "kelf_priv.h"
#include <libk/sort.h>
#include <libk/string.h>
#include <tern/elf64.h>

struct symtab_loc {
	uint64_t sym_off, sym_size; /* the SHT_SYMTAB section in the file */
	uint64_t str_off, str_size; /* its SHT_STRTAB (sh_link) */
};

static bool read_shdr(struct kelf *k, const struct elf64_ehdr *eh, unsigned i,
                      struct elf64_shdr *sh)
{
	return kelf_read(k, eh->e_shoff + (uint64_t)i * sizeof(*sh), sh,
	                 sizeof(*sh));
}

/* Find .symtab and its string table. Returns false on malformed headers;
 * loc->sym_size is 0 when there is no symbol table. */
static bool find_symtab(struct kelf *k, struct symtab_loc *loc)
{
	struct elf64_shdr sh, str;
	struct elf64_ehdr eh;
	unsigned i;

	LIBK_FN(memset)(loc, 0, sizeof(*loc));
	kelf_read(k, 0, &eh, sizeof(eh)); /* checked by kelf_parse */
	if (eh.e_shoff == 0 || eh.e_shnum == 0)
		return true;
	if (eh.e_shentsize != sizeof(sh))
		return kelf_fail(k, "bad section header size %u",
		                 eh.e_shentsize);
	if (!elf_pie_in_bounds(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(sh),
	                    k->size))
		return kelf_fail(k, "section headers lie outside the file");
	for (i = 0; i < eh.e_shnum; i++) {
		read_shdr(k, &eh, i, &sh);
		if (sh.sh_type == SHT_SYMTAB)
			break;
	}
	if (i == eh.e_shnum)
		return true;
	if (sh.sh_entsize != sizeof(struct elf64_sym) ||
	    !elf_pie_in_bounds(sh.sh_offset, sh.sh_size, k->size))
		return kelf_fail(k, "malformed .symtab");
	if (sh.sh_link >= eh.e_shnum || !read_shdr(k, &eh, sh.sh_link, &str) ||
	    str.sh_type != SHT_STRTAB ||
	    !elf_pie_in_bounds(str.sh_offset, str.sh_size, k->size))
		return kelf_fail(k, "malformed .strtab");
	*loc = (struct symtab_loc){sh.sh_offset, sh.sh_size, str.sh_offset,
	                           str.sh_size};
	return true;
}

/* The name of a defined function symbol, or NULL when s is anything else
 * or its name is empty or not NUL-terminated inside the string table. */
static const char *func_name(struct kelf *k, const struct symtab_loc *loc,
                             const struct elf64_sym *s, size_t *len)
{
	const char *name;

	if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx == SHN_UNDEF ||
	    s->st_value == 0 || s->st_name >= loc->str_size)
		return NULL;
	name = (const char *)k->file + loc->str_off + s->st_name;
	*len = LIBK_FN(strnlen)(name, loc->str_size - s->st_name);
	if (*len == 0 || *len == loc->str_size - s->st_name)
		return NULL;
	return name;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct tern_symbol *x = a, *y = b;

	return (x->addr > y->addr) - (x->addr < y->addr);
}

bool kelf_symbols(struct kelf *k, struct tern_symbol *syms, uint32_t cap,
                  char *strtab, uint32_t strcap, uint32_t *count,
                  uint32_t *strsize)
{
	struct symtab_loc loc;
	struct elf64_sym s;
	uint64_t off, n = 0, bytes = 0;
	const char *name;
	size_t len;

	*count = *strsize = 0;
	if (!find_symtab(k, &loc))
		return false;
	for (off = 0; off + sizeof(s) <= loc.sym_size; off += sizeof(s)) {
		kelf_read(k, loc.sym_off + off, &s, sizeof(s));
		name = func_name(k, &loc, &s, &len);
		if (!name)
			continue;
		if (syms && (n >= cap || len + 1 > strcap - bytes))
			return kelf_fail(k, "symbol table does not fit");
		if (syms) {
			syms[n] = (struct tern_symbol){
			    s.st_value,
			    s.st_size > UINT32_MAX ? UINT32_MAX
			                           : (uint32_t)s.st_size,
			    (uint32_t)bytes};
			LIBK_FN(memcpy)(strtab + bytes, name, len + 1);
		}
		n++;
		bytes += len + 1;
		if (n > UINT32_MAX / 2 || bytes > UINT32_MAX / 2)
			return kelf_fail(k, "too many symbols");
	}
	if (syms)
		ksort(syms, n, sizeof(*syms), cmp_sym);
	*count = (uint32_t)n;
	*strsize = (uint32_t)bytes;
	return true;
}
