/* SPDX-License-Identifier: MIT */
/* kelf_load: copy the PT_LOADs into place and apply the dynamic
 * relocations of a static PIE (gABI 5 "Dynamic Section", psABI 4.4). */
#include "kelf_priv.h"
#include <libk/string.h>
#include <tern/elf64.h>

struct reloc_ctx {
	struct kelf *k;
	uint8_t *image;
	uint64_t slide;
};

/* Pointer into the loaded image for the link-time range [vaddr, +len),
 * or NULL when it is not entirely inside the image. */
static uint8_t *image_at(struct reloc_ctx *c, uint64_t vaddr, uint64_t len)
{
	if (vaddr < c->k->link_base ||
	    !elf_pie_in_bounds(vaddr - c->k->link_base, len, c->k->span))
		return NULL;
	return c->image + (vaddr - c->k->link_base);
}

/* *where += slide, for RELR (the addend is stored in place). */
static bool relocate_in_place(struct reloc_ctx *c, uint64_t where)
{
	uint8_t *p = image_at(c, where, 8);
	uint64_t v;

	if (!p)
		return kelf_fail(c->k,
		                 "relocation target %#llx outside the "
		                 "image",
		                 (unsigned long long)where);
	LIBK_FN(memcpy)(&v, p, 8);
	v += c->slide;
	LIBK_FN(memcpy)(p, &v, 8);
	return true;
}

static bool apply_rela(struct reloc_ctx *c, const struct elf64_rela *r)
{
	uint32_t type = ELF64_R_TYPE(r->r_info);
	uint64_t v = (uint64_t)r->r_addend + c->slide;
	uint8_t *p;

	if (type == R_X86_64_NONE)
		return true;
	if (type != R_X86_64_RELATIVE)
		return kelf_fail(c->k,
		                 "unsupported relocation type %u (%s) "
		                 "at %#llx",
		                 type, elf_pie_reloc_name(type),
		                 (unsigned long long)r->r_offset);
	p = image_at(c, r->r_offset, 8);
	if (!p)
		return kelf_fail(c->k,
		                 "relocation target %#llx outside the "
		                 "image",
		                 (unsigned long long)r->r_offset);
	LIBK_FN(memcpy)(p, &v, 8);
	return true;
}

/* A table of Elf64_Rela at link-time address addr, size bytes. */
static bool apply_rela_table(struct reloc_ctx *c, uint64_t addr, uint64_t size,
                             uint64_t ent, const char *what)
{
	struct elf64_rela r;
	const uint8_t *t;
	uint64_t off;

	if (size == 0)
		return true;
	if (ent != sizeof(r))
		return kelf_fail(c->k, "%s: bad entry size %llu", what,
		                 (unsigned long long)ent);
	t = image_at(c, addr, size);
	if (!t)
		return kelf_fail(c->k, "%s table outside the image", what);
	for (off = 0; off + sizeof(r) <= size; off += sizeof(r)) {
		LIBK_FN(memcpy)(&r, t + off, sizeof(r));
		if (!apply_rela(c, &r))
			return false;
	}
	return true;
}

/* RELR (gABI relative-relocation extension): an even word is an address to
 * relocate, and the next address is the word after it; an odd word is a
 * bitmap whose bits 1..63 select the 63 words starting at that next
 * address, which then advances by 63 words. */
static bool apply_relr_table(struct reloc_ctx *c, uint64_t addr, uint64_t size,
                             uint64_t ent)
{
	uint64_t off, w, where = 0;
	bool have_where = false;
	const uint8_t *t;
	unsigned bit;

	if (size == 0)
		return true;
	if (ent != 8)
		return kelf_fail(c->k, "DT_RELR: bad entry size %llu",
		                 (unsigned long long)ent);
	t = image_at(c, addr, size);
	if (!t)
		return kelf_fail(c->k, "DT_RELR table outside the image");
	for (off = 0; off + 8 <= size; off += 8) {
		LIBK_FN(memcpy)(&w, t + off, 8);
		if (!(w & 1)) {
			if (!relocate_in_place(c, w))
				return false;
			where = w + 8;
			have_where = true;
			continue;
		}
		if (!have_where)
			return kelf_fail(c->k, "DT_RELR bitmap before an "
			                       "address");
		for (bit = 1; bit < 64; bit++)
			if ((w >> bit) & 1 &&
			    !relocate_in_place(c, where + (bit - 1) * 8))
				return false;
		where += 63 * 8;
	}
	return true;
}

static void copy_segments(struct kelf *k, uint8_t *image)
{
	unsigned i;

	LIBK_FN(memset)(image, 0, k->span);
	for (i = 0; i < k->nseg; i++) {
		const struct elf_pie_seg *s = &k->seg[i];

		LIBK_FN(memcpy)
		(image + (s->vaddr - k->link_base), k->file + s->offset,
		 s->filesz);
	}
}

bool kelf_load(struct kelf *k, void *image, uint64_t virt_base)
{
	struct reloc_ctx c = {k, image, virt_base - k->link_base};
	struct elf_pie_dyn d;

	if (virt_base & (KELF_PAGE - 1))
		return kelf_fail(k, "virtual base %#llx is not page aligned",
		                 (unsigned long long)virt_base);
	copy_segments(k, image);
	elf_pie_dynamic(k->file + k->dyn_offset, k->dyn_size, &d);
	if (d.has_rel)
		return kelf_fail(k, "DT_REL relocations are not supported");
	return apply_rela_table(&c, d.rela, d.relasz, d.relaent, "DT_RELA") &&
	       apply_rela_table(&c, d.jmprel, d.pltrelsz,
	                        sizeof(struct elf64_rela), "DT_JMPREL") &&
	       apply_relr_table(&c, d.relr, d.relrsz, d.relrent);
}
