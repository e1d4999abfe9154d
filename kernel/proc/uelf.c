/* SPDX-License-Identifier: MIT */
/* uelf: user programs' load plans and relocations (gABI 5 "Program
 * Header" and "Dynamic Section", psABI 4.4 relocation types); the
 * contract is in uelf.h. */
#include "uelf.h"
#include <libk/bitops.h>
#include <libk/string.h>
#include <tern/elf64.h>
#include <tern/errno.h>
#include <tern/syscall.h>

/* Dynamic tags this loader does not implement. */
static bool check_dyn_kinds(struct uelf *u, const struct elf_pie_dyn *d)
{
	if (d->has_rel)
		return elf_pie_fail(&u->pie, "DT_REL relocations are not "
		                             "supported (want DT_RELA)");
	if (d->relr || d->relrsz)
		return elf_pie_fail(&u->pie, "DT_RELR relocations are not "
		                             "supported (link without -z "
		                             "pack-relative-relocs)");
	if (d->has_textrel)
		return elf_pie_fail(&u->pie, "text relocations (DT_TEXTREL) "
		                             "are refused");
	if (d->pltrelsz)
		return elf_pie_fail(&u->pie, "DT_JMPREL relocations are not "
		                             "supported in a static program");
	return true;
}

/* Locate the RELA table in the file: it must lie wholly in the file bytes
 * of one PT_LOAD. */
static bool find_rela(struct uelf *u, const struct elf_pie_dyn *d)
{
	const struct elf_pie *p = &u->pie;
	unsigned i;

	if ((d->has_relaent || d->relasz) &&
	    d->relaent != sizeof(struct elf64_rela))
		return elf_pie_fail(&u->pie, "DT_RELAENT is %llu, want %zu",
		                    (unsigned long long)d->relaent,
		                    sizeof(struct elf64_rela));
	if (d->relasz % sizeof(struct elf64_rela))
		return elf_pie_fail(
		    &u->pie, "DT_RELASZ %llu is not a multiple of %zu",
		    (unsigned long long)d->relasz, sizeof(struct elf64_rela));
	u->nrela = d->relasz / sizeof(struct elf64_rela);
	if (d->relacount > u->nrela)
		return elf_pie_fail(&u->pie,
		                    "DT_RELACOUNT %llu exceeds the %llu "
		                    "relocations",
		                    (unsigned long long)d->relacount,
		                    (unsigned long long)u->nrela);
	if (!u->nrela)
		return true;
	for (i = 0; i < p->nseg; i++) {
		const struct elf_pie_seg *s = &p->seg[i];

		if (d->rela >= s->vaddr &&
		    elf_pie_in_bounds(d->rela - s->vaddr, d->relasz,
		                      s->filesz)) {
			u->rela_offset = s->offset + (d->rela - s->vaddr);
			return true;
		}
	}
	return elf_pie_fail(&u->pie,
	                    "DT_RELA table at %#llx (%llu bytes) is not "
	                    "inside a segment's file bytes",
	                    (unsigned long long)d->rela,
	                    (unsigned long long)d->relasz);
}

static bool in_relro(const struct elf_pie *p, uint64_t addr, uint64_t len)
{
	return p->relro.present && addr >= p->relro.vaddr &&
	       elf_pie_in_bounds(addr - p->relro.vaddr, len, p->relro.memsz);
}

/* Every entry: a known type, and a target the loader may write. */
static bool check_relocs(struct uelf *u)
{
	struct elf_pie *p = &u->pie;
	struct elf64_rela r;
	uint64_t i;

	for (i = 0; i < u->nrela; i++) {
		const struct elf_pie_seg *s;
		uint32_t type;

		elf_pie_read(p, u->rela_offset + i * sizeof(r), &r, sizeof(r));
		type = ELF64_R_TYPE(r.r_info);
		if (type == R_X86_64_NONE)
			continue;
		if (type != R_X86_64_RELATIVE)
			return elf_pie_fail(p,
			                    "relocation %llu: unsupported "
			                    "type %u (%s)",
			                    (unsigned long long)i, type,
			                    elf_pie_reloc_name(type));
		s = elf_pie_seg_at(p, r.r_offset, 8);
		if (!s || !((s->flags & PF_W) || in_relro(p, r.r_offset, 8)))
			return elf_pie_fail(p,
			                    "relocation %llu: target %#llx is "
			                    "not in a writable segment",
			                    (unsigned long long)i,
			                    (unsigned long long)r.r_offset);
		u->nrelative++;
	}
	return true;
}

/* PT_INTERP, PT_GNU_STACK, PT_PHDR, PT_GNU_RELRO: the user policy. */
static bool check_other_headers(struct uelf *u)
{
	struct elf_pie *p = &u->pie;
	uint64_t phsize = (uint64_t)p->phnum * sizeof(struct elf64_phdr);
	unsigned i;

	if (p->interp.present)
		return elf_pie_fail(p, "PT_INTERP: dynamically linked "
		                       "programs are not supported");
	if (p->stack.present && (p->stack.flags & PF_X))
		return elf_pie_fail(p, "PT_GNU_STACK asks for an executable "
		                       "stack");
	if (p->relro.present && p->relro.memsz) {
		if (!elf_pie_seg_at(p, p->relro.vaddr, p->relro.memsz))
			return elf_pie_fail(p, "PT_GNU_RELRO is not inside a "
			                       "PT_LOAD");
		u->relro_start = align_down(p->relro.vaddr, ELF_PIE_PAGE);
		u->relro_end =
		    align_down(p->relro.vaddr + p->relro.memsz, ELF_PIE_PAGE);
	}
	if (p->phdr.present) {
		if (!elf_pie_seg_at(p, p->phdr.vaddr, phsize))
			return elf_pie_fail(p, "PT_PHDR is not inside a "
			                       "PT_LOAD");
		u->phdr_vaddr = p->phdr.vaddr;
		return true;
	}
	for (i = 0; i < p->nseg; i++) {
		const struct elf_pie_seg *s = &p->seg[i];

		if (p->phoff >= s->offset &&
		    elf_pie_in_bounds(p->phoff - s->offset, phsize, s->filesz))
			u->phdr_vaddr = s->vaddr + (p->phoff - s->offset);
	}
	return true;
}

int uelf_parse(const void *file, size_t len, struct uelf *out, const char **err)
{
	static const struct elf_pie_window lower_half = {
	    0, UELF_LINK_END, UELF_MAX_SPAN, "lower half"};
	struct elf_pie_dyn d;

	LIBK_FN(memset)(out, 0, sizeof(*out));
	*err = out->pie.err;
	if (!elf_pie_parse(&out->pie, file, len, &lower_half) ||
	    !check_other_headers(out))
		return -ENOEXEC;
	elf_pie_dynamic(out->pie.file + out->pie.dyn_offset, out->pie.dyn_size,
	                &d);
	if (!check_dyn_kinds(out, &d) || !find_rela(out, &d) ||
	    !check_relocs(out))
		return -ENOEXEC;
	return 0;
}

int uelf_relocate(const struct uelf *u, uint64_t base, uelf_store_fn store,
                  void *ctx)
{
	const struct elf_pie *p = &u->pie;
	struct elf64_rela r;
	uint64_t i, lo, hi;
	int rc;

	if ((base & (ELF_PIE_PAGE - 1)) ||
	    __builtin_add_overflow(base, p->link_base, &lo) ||
	    __builtin_add_overflow(lo, p->span, &hi) || hi > UELF_LINK_END)
		return -EINVAL;
	for (i = 0; i < u->nrela; i++) {
		elf_pie_read(p, u->rela_offset + i * sizeof(r), &r, sizeof(r));
		if (ELF64_R_TYPE(r.r_info) != R_X86_64_RELATIVE)
			continue;
		rc = store(ctx, base + r.r_offset, base + (uint64_t)r.r_addend);
		if (rc)
			return rc;
	}
	return 0;
}

unsigned uelf_prot(uint32_t pf_flags)
{
	return (pf_flags & PF_R ? PROT_READ : 0) |
	       (pf_flags & PF_W ? PROT_WRITE : 0) |
	       (pf_flags & PF_X ? PROT_EXEC : 0);
}
