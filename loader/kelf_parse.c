/* SPDX-License-Identifier: MIT */
/* kelf_parse: every check the loader makes before it trusts the kernel ELF.
 * Structures are copied out of the file with memcpy, so the buffer needs no
 * particular alignment. */
#include "elf64.h"
#include "kelf_priv.h"
#include <libk/bitops.h>
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
	if (!kelf_in_bounds(off, len, k->size))
		return false;
	LIBK_FN(memcpy)(dst, k->file + off, len);
	return true;
}

/* The ELF header: identification, machine, type, program header table. */
static bool check_ehdr(struct kelf *k, struct elf64_ehdr *eh)
{
	static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};

	if (!kelf_read(k, 0, eh, sizeof(*eh)))
		return kelf_fail(k,
		                 "file too small for an ELF header "
		                 "(%zu bytes, truncated?)",
		                 k->size);
	if (LIBK_FN(memcmp)(eh->e_ident, magic, sizeof(magic)))
		return kelf_fail(k, "bad ELF magic");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return kelf_fail(k, "not a 64-bit ELF (class %u)",
		                 eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return kelf_fail(k, "not a little-endian ELF (data %u)",
		                 eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT)
		return kelf_fail(k, "unknown ELF version %u",
		                 eh->e_ident[EI_VERSION]);
	if (eh->e_machine != EM_X86_64)
		return kelf_fail(k, "not an x86-64 ELF (machine %u)",
		                 eh->e_machine);
	if (eh->e_type != ET_DYN)
		return kelf_fail(k,
		                 "not a static PIE (ELF type %u, want "
		                 "ET_DYN)",
		                 eh->e_type);
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return kelf_fail(k, "bad program header size %u",
		                 eh->e_phentsize);
	if (eh->e_phnum == 0)
		return kelf_fail(k, "no program headers");
	if (!kelf_in_bounds(eh->e_phoff,
	                    (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr),
	                    k->size))
		return kelf_fail(k, "program headers lie outside the file "
		                    "(truncated?)");
	return true;
}

/* One PT_LOAD on its own: sizes, file bounds, alignment, placement, W^X. */
static bool check_load(struct kelf *k, const struct elf64_phdr *ph, unsigned i)
{
	uint64_t end;

	if (ph->p_memsz == 0)
		return kelf_fail(k, "segment %u is empty", i);
	if (ph->p_filesz > ph->p_memsz)
		return kelf_fail(k,
		                 "segment %u: file size exceeds memory "
		                 "size",
		                 i);
	if (!kelf_in_bounds(ph->p_offset, ph->p_filesz, k->size))
		return kelf_fail(k,
		                 "segment %u extends outside the file "
		                 "(truncated?)",
		                 i);
	if (__builtin_add_overflow(ph->p_vaddr, ph->p_memsz, &end) ||
	    end > 0xfffffffffffff000ull)
		return kelf_fail(k,
		                 "segment %u wraps around the address "
		                 "space",
		                 i);
	if ((ph->p_vaddr ^ ph->p_offset) & (KELF_PAGE - 1))
		return kelf_fail(k,
		                 "segment %u: address and file offset "
		                 "differ modulo the page size",
		                 i);
	if (ph->p_vaddr < TERN_HIGHER_HALF)
		return kelf_fail(k,
		                 "segment %u is not in the higher half "
		                 "(vaddr %#llx)",
		                 i, (unsigned long long)ph->p_vaddr);
	if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
		return kelf_fail(k,
		                 "segment %u is writable and executable "
		                 "(W+X)",
		                 i);
	return true;
}

/* Record a checked PT_LOAD, keeping k->seg sorted by vaddr. */
static bool add_load(struct kelf *k, const struct elf64_phdr *ph, unsigned i)
{
	unsigned j;

	if (k->nseg == KELF_MAX_SEGS)
		return kelf_fail(k, "more than %u PT_LOAD segments",
		                 KELF_MAX_SEGS);
	for (j = k->nseg; j > 0 && k->seg[j - 1].vaddr > ph->p_vaddr; j--)
		k->seg[j] = k->seg[j - 1];
	k->seg[j] = (struct kelf_seg){ph->p_vaddr,  ph->p_memsz, ph->p_offset,
	                              ph->p_filesz, ph->p_flags, i};
	k->nseg++;
	return true;
}

static bool add_dynamic(struct kelf *k, const struct elf64_phdr *ph)
{
	if (k->dyn_size)
		return kelf_fail(k, "more than one PT_DYNAMIC");
	if (!kelf_in_bounds(ph->p_offset, ph->p_filesz, k->size))
		return kelf_fail(k, "dynamic section lies outside the file "
		                    "(truncated?)");
	k->dyn_offset = ph->p_offset;
	k->dyn_size = ph->p_filesz;
	return true;
}

/* Across segments: disjoint pages, bounded span, entry in an X segment. */
static bool check_layout(struct kelf *k)
{
	const struct kelf_seg *last;
	unsigned i;

	if (k->nseg == 0)
		return kelf_fail(k, "no PT_LOAD segments");
	for (i = 1; i < k->nseg; i++) {
		const struct kelf_seg *a = &k->seg[i - 1], *b = &k->seg[i];

		if (align_up(a->vaddr + a->memsz, KELF_PAGE) >
		    align_down(b->vaddr, KELF_PAGE))
			return kelf_fail(k, "segments %u and %u share a page",
			                 a->index, b->index);
	}
	last = &k->seg[k->nseg - 1];
	k->link_base = align_down(k->seg[0].vaddr, KELF_PAGE);
	k->span = align_up(last->vaddr + last->memsz, KELF_PAGE) - k->link_base;
	if (k->span > KELF_MAX_SPAN)
		return kelf_fail(k, "image spans %llu MiB, more than %llu",
		                 (unsigned long long)(k->span >> 20),
		                 KELF_MAX_SPAN >> 20);
	for (i = 0; i < k->nseg; i++) {
		const struct kelf_seg *s = &k->seg[i];

		if ((s->flags & PF_X) && k->entry >= s->vaddr &&
		    k->entry - s->vaddr < s->memsz)
			return true;
	}
	return kelf_fail(k,
	                 "entry point %#llx is not in an executable "
	                 "segment",
	                 (unsigned long long)k->entry);
}

bool kelf_parse(struct kelf *k, const void *file, size_t size)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	unsigned i;

	LIBK_FN(memset)(k, 0, sizeof(*k));
	k->file = file;
	k->size = size;
	if (!check_ehdr(k, &eh))
		return false;
	k->entry = eh.e_entry;
	for (i = 0; i < eh.e_phnum; i++) {
		kelf_read(k, eh.e_phoff + (uint64_t)i * sizeof(ph), &ph,
		          sizeof(ph));
		if (ph.p_type == PT_LOAD &&
		    !(check_load(k, &ph, i) && add_load(k, &ph, i)))
			return false;
		if (ph.p_type == PT_DYNAMIC && !add_dynamic(k, &ph))
			return false;
	}
	return check_layout(k);
}
