/* SPDX-License-Identifier: MIT */
/* elf_pie: the checks shared by every static-PIE ELF tern loads (the kernel
 * in the loader, user programs in the kernel); see libk/elf_pie.h. */
#include <libk/bitops.h>
#include <libk/elf_pie.h>
#include <libk/string.h>
#include <stdarg.h>
#include <tern/elf64.h>

/* Nothing may end in the top page: an end address must not wrap to 0. */
#define ELF_PIE_TOP 0xfffffffffffff000ull

bool elf_pie_fail(struct elf_pie *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	LIBK_FN(vsnprintf)(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	return false;
}

bool elf_pie_read(const struct elf_pie *p, uint64_t off, void *dst,
                  uint64_t len)
{
	if (!elf_pie_in_bounds(off, len, p->size))
		return false;
	LIBK_FN(memcpy)(dst, p->file + off, len);
	return true;
}

const struct elf_pie_seg *elf_pie_seg_at(const struct elf_pie *p, uint64_t addr,
                                         uint64_t len)
{
	unsigned i;

	for (i = 0; i < p->nseg; i++) {
		const struct elf_pie_seg *s = &p->seg[i];

		if (addr >= s->vaddr &&
		    elf_pie_in_bounds(addr - s->vaddr, len, s->memsz))
			return s;
	}
	return NULL;
}

void elf_pie_dynamic(const uint8_t *dyn, uint64_t size, struct elf_pie_dyn *d)
{
	struct elf64_dyn e;
	uint64_t off;

	LIBK_FN(memset)(d, 0, sizeof(*d));
	for (off = 0; off + sizeof(e) <= size; off += sizeof(e)) {
		LIBK_FN(memcpy)(&e, dyn + off, sizeof(e));
		switch (e.d_tag) {
		case DT_NULL:
			return;
		case DT_RELA:
			d->rela = e.d_val;
			break;
		case DT_RELASZ:
			d->relasz = e.d_val;
			break;
		case DT_RELAENT:
			d->relaent = e.d_val;
			d->has_relaent = true;
			break;
		case DT_RELACOUNT:
			d->relacount = e.d_val;
			break;
		case DT_JMPREL:
			d->jmprel = e.d_val;
			break;
		case DT_PLTRELSZ:
			d->pltrelsz = e.d_val;
			break;
		case DT_RELR:
			d->relr = e.d_val;
			break;
		case DT_RELRSZ:
			d->relrsz = e.d_val;
			break;
		case DT_RELRENT:
			d->relrent = e.d_val;
			break;
		case DT_REL:
			d->has_rel = true;
			break;
		case DT_TEXTREL:
			d->has_textrel = true;
			break;
		default:
			break;
		}
	}
}

const char *elf_pie_reloc_name(uint32_t type)
{
	switch (type) {
	case R_X86_64_64:
		return "R_X86_64_64";
	case R_X86_64_GLOB_DAT:
		return "R_X86_64_GLOB_DAT";
	case R_X86_64_JUMP_SLOT:
		return "R_X86_64_JUMP_SLOT";
	default:
		return "unknown";
	}
}

/* The ELF header: identification, machine, type, program header table. */
static bool check_ehdr(struct elf_pie *p, struct elf64_ehdr *eh)
{
	static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};

	if (!elf_pie_read(p, 0, eh, sizeof(*eh)))
		return elf_pie_fail(p,
		                    "file too small for an ELF header "
		                    "(%zu bytes, truncated?)",
		                    p->size);
	if (LIBK_FN(memcmp)(eh->e_ident, magic, sizeof(magic)))
		return elf_pie_fail(p, "bad ELF magic");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return elf_pie_fail(p, "not a 64-bit ELF (class %u)",
		                    eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return elf_pie_fail(p, "not a little-endian ELF (data %u)",
		                    eh->e_ident[EI_DATA]);
	if (eh->e_ident[EI_VERSION] != EV_CURRENT)
		return elf_pie_fail(p, "unknown ELF version %u",
		                    eh->e_ident[EI_VERSION]);
	if (eh->e_machine != EM_X86_64)
		return elf_pie_fail(p, "not an x86-64 ELF (machine %u)",
		                    eh->e_machine);
	if (eh->e_type != ET_DYN)
		return elf_pie_fail(p,
		                    "not a static PIE (ELF type %u, want "
		                    "ET_DYN)",
		                    eh->e_type);
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return elf_pie_fail(p, "bad program header size %u",
		                    eh->e_phentsize);
	if (eh->e_phnum == 0)
		return elf_pie_fail(p, "no program headers");
	if (!elf_pie_in_bounds(
	        eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr),
	        p->size))
		return elf_pie_fail(p, "program headers lie outside the file "
		                       "(truncated?)");
	return true;
}

/* One PT_LOAD on its own: sizes, file bounds, alignment, placement, W^X. */
static bool check_load(struct elf_pie *p, const struct elf64_phdr *ph,
                       unsigned i, const struct elf_pie_window *w)
{
	uint64_t end;

	if (ph->p_memsz == 0)
		return elf_pie_fail(p, "segment %u is empty", i);
	if (ph->p_filesz > ph->p_memsz)
		return elf_pie_fail(p,
		                    "segment %u: file size exceeds memory "
		                    "size",
		                    i);
	if (!elf_pie_in_bounds(ph->p_offset, ph->p_filesz, p->size))
		return elf_pie_fail(p,
		                    "segment %u extends outside the file "
		                    "(truncated?)",
		                    i);
	if (__builtin_add_overflow(ph->p_vaddr, ph->p_memsz, &end) ||
	    end > ELF_PIE_TOP)
		return elf_pie_fail(p,
		                    "segment %u wraps around the address "
		                    "space",
		                    i);
	if ((ph->p_vaddr ^ ph->p_offset) & (ELF_PIE_PAGE - 1))
		return elf_pie_fail(p,
		                    "segment %u: address and file offset "
		                    "differ modulo the page size",
		                    i);
	if (ph->p_vaddr < w->start || end > w->end)
		return elf_pie_fail(
		    p, "segment %u is not in the %s (vaddr %#llx)", i, w->name,
		    (unsigned long long)ph->p_vaddr);
	if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
		return elf_pie_fail(p,
		                    "segment %u is writable and executable "
		                    "(W+X)",
		                    i);
	return true;
}

/* Record a checked PT_LOAD, keeping p->seg sorted by vaddr. */
static bool add_load(struct elf_pie *p, const struct elf64_phdr *ph, unsigned i)
{
	unsigned j;

	if (p->nseg == ELF_PIE_MAX_SEGS)
		return elf_pie_fail(p, "more than %u PT_LOAD segments",
		                    ELF_PIE_MAX_SEGS);
	for (j = p->nseg; j > 0 && p->seg[j - 1].vaddr > ph->p_vaddr; j--)
		p->seg[j] = p->seg[j - 1];
	p->seg[j] =
	    (struct elf_pie_seg){ph->p_vaddr,  ph->p_memsz, ph->p_offset,
	                         ph->p_filesz, ph->p_flags, i};
	p->nseg++;
	return true;
}

static bool add_dynamic(struct elf_pie *p, const struct elf64_phdr *ph)
{
	if (p->dyn_size)
		return elf_pie_fail(p, "more than one PT_DYNAMIC");
	if (!elf_pie_in_bounds(ph->p_offset, ph->p_filesz, p->size))
		return elf_pie_fail(p, "dynamic section lies outside the file "
		                       "(truncated?)");
	p->dyn_offset = ph->p_offset;
	p->dyn_size = ph->p_filesz;
	return true;
}

/* The unjudged program headers, kept for the caller's policy. */
static void note_other(struct elf_pie *p, const struct elf64_phdr *ph)
{
	struct elf_pie_ph *o;

	switch (ph->p_type) {
	case PT_INTERP:
		o = &p->interp;
		break;
	case PT_PHDR:
		o = &p->phdr;
		break;
	case PT_GNU_STACK:
		o = &p->stack;
		break;
	case PT_GNU_RELRO:
		o = &p->relro;
		break;
	default:
		return;
	}
	*o = (struct elf_pie_ph){true,        ph->p_flags,  ph->p_offset,
	                         ph->p_vaddr, ph->p_filesz, ph->p_memsz};
}

/* Across segments: disjoint pages, bounded span, entry in an X segment. */
static bool check_layout(struct elf_pie *p, const struct elf_pie_window *w)
{
	const struct elf_pie_seg *last;
	unsigned i;

	if (p->nseg == 0)
		return elf_pie_fail(p, "no PT_LOAD segments");
	for (i = 1; i < p->nseg; i++) {
		const struct elf_pie_seg *a = &p->seg[i - 1], *b = &p->seg[i];

		if (align_up(a->vaddr + a->memsz, ELF_PIE_PAGE) >
		    align_down(b->vaddr, ELF_PIE_PAGE))
			return elf_pie_fail(p,
			                    "segments %u and %u share a page",
			                    a->index, b->index);
	}
	last = &p->seg[p->nseg - 1];
	p->link_base = align_down(p->seg[0].vaddr, ELF_PIE_PAGE);
	p->span =
	    align_up(last->vaddr + last->memsz, ELF_PIE_PAGE) - p->link_base;
	if (p->span > w->max_span)
		return elf_pie_fail(p, "image spans %llu MiB, more than %llu",
		                    (unsigned long long)(p->span >> 20),
		                    (unsigned long long)(w->max_span >> 20));
	for (i = 0; i < p->nseg; i++) {
		const struct elf_pie_seg *s = &p->seg[i];

		if ((s->flags & PF_X) && p->entry >= s->vaddr &&
		    p->entry - s->vaddr < s->memsz)
			return true;
	}
	return elf_pie_fail(p,
	                    "entry point %#llx is not in an executable "
	                    "segment",
	                    (unsigned long long)p->entry);
}

bool elf_pie_parse(struct elf_pie *p, const void *file, size_t size,
                   const struct elf_pie_window *window)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	unsigned i;

	LIBK_FN(memset)(p, 0, sizeof(*p));
	p->file = file;
	p->size = size;
	if (!check_ehdr(p, &eh))
		return false;
	p->entry = eh.e_entry;
	p->phoff = eh.e_phoff;
	p->phnum = eh.e_phnum;
	for (i = 0; i < eh.e_phnum; i++) {
		elf_pie_read(p, eh.e_phoff + (uint64_t)i * sizeof(ph), &ph,
		             sizeof(ph));
		if (ph.p_type == PT_LOAD &&
		    !(check_load(p, &ph, i, window) && add_load(p, &ph, i)))
			return false;
		if (ph.p_type == PT_DYNAMIC && !add_dynamic(p, &ph))
			return false;
		note_other(p, &ph);
	}
	return check_layout(p, window);
}
