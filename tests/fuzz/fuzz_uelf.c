/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for kernel/proc/uelf.c and libk/elf_pie.c: every input
 * is parsed as a user program. A refusal names a reason; an accepted
 * program must keep uelf.h's promises (segments inside the input, sorted,
 * on disjoint pages, never W+X, the entry in an executable one, the span
 * bounded, the RELA table inside the input), and relocating it at a
 * page-aligned base must store exactly its RELATIVE count of words, each
 * inside the image, into a bounded buffer.
 */
#include <proc/uelf.h>
#include <stdlib.h>
#include <string.h>
#include <tern/elf64.h>

#define IMG_CAP (1u << 20) /* bytes of the image actually kept */

static void check(int ok)
{
	if (!ok)
		abort();
}

struct sink {
	uint8_t *img;
	uint64_t lo, span, stores;
};

static int store(void *ctx, uint64_t uaddr, uint64_t value)
{
	struct sink *s = ctx;

	check(uaddr >= s->lo && uaddr - s->lo <= s->span - 8);
	if (uaddr - s->lo <= IMG_CAP - 8)
		memcpy(s->img + (uaddr - s->lo), &value, 8);
	s->stores++;
	return 0;
}

static void check_plan(const struct uelf *u, size_t len)
{
	const struct elf_pie *p = &u->pie;
	unsigned i, entry_ok = 0;

	check(p->nseg >= 1 && p->nseg <= ELF_PIE_MAX_SEGS);
	check(p->span % ELF_PIE_PAGE == 0 && p->span <= UELF_MAX_SPAN);
	check(p->link_base + p->span <= UELF_LINK_END);
	for (i = 0; i < p->nseg; i++) {
		const struct elf_pie_seg *s = &p->seg[i];

		check(s->filesz <= s->memsz && s->memsz > 0);
		check(s->offset <= len && s->filesz <= len - s->offset);
		check((s->flags & (PF_W | PF_X)) != (PF_W | PF_X));
		check(s->vaddr >= p->link_base &&
		      s->vaddr + s->memsz <= p->link_base + p->span);
		if (i)
			check(p->seg[i - 1].vaddr + p->seg[i - 1].memsz <=
			      (s->vaddr & ~(ELF_PIE_PAGE - 1)));
		if ((s->flags & PF_X) && p->entry >= s->vaddr &&
		    p->entry < s->vaddr + s->memsz)
			entry_ok = 1;
	}
	check(entry_ok);
	check(u->nrelative <= u->nrela);
	check(u->nrela == 0 ||
	      (u->rela_offset <= len &&
	       u->nrela <= (len - u->rela_offset) / sizeof(struct elf64_rela)));
	check(u->relro_start <= u->relro_end);
	check(!p->interp.present);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static uint8_t img[IMG_CAP];
	const char *err = NULL;
	struct uelf u;
	struct sink s;
	uint64_t base;

	if (uelf_parse(data, len, &u, &err)) {
		check(err && err[0] && strlen(err) < sizeof(u.pie.err));
		return 0;
	}
	check_plan(&u, len);
	base = 0x10000 + ((uint64_t)(len & 0xff) << 12);
	s = (struct sink){img, base + u.pie.link_base, u.pie.span, 0};
	check(uelf_relocate(&u, base, store, &s) == 0);
	check(s.stores == u.nrelative);
	check(uelf_relocate(&u, base + 0x800, store, &s) != 0);
	return 0;
}
