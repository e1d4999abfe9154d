/* SPDX-License-Identifier: MIT */
/* Reference counts of shared frames (frame_refs.h). */
#include <mm/frame_refs.h>
#include <mm/mm_panic.h>

/* The count of pa; panics on a frame outside the allocator's span. */
static uint16_t *slot(const struct frame_refs *r, uint64_t pa)
{
	uint64_t pfn = pa / FRAME_SIZE;

	if (!r->refs || pfn < r->fa->base_pfn ||
	    pfn - r->fa->base_pfn >= r->fa->nframes)
		mm_panic("frame_refs: frame %#llx outside the allocator",
		         (unsigned long long)pa);
	return &r->refs[pfn - r->fa->base_pfn];
}

void frame_refs_init(struct frame_refs *r, struct frame_alloc *fa,
                     uint16_t *refs)
{
	r->fa = fa;
	r->refs = refs;
}

uint64_t frame_refs_alloc(struct frame_refs *r)
{
	uint64_t pa = frame_alloc(r->fa);

	if (pa != MM_NO_PHYS) {
		uint16_t *c = slot(r, pa);

		if (*c)
			mm_panic("frame_refs: fresh frame %#llx has count %u",
			         (unsigned long long)pa, *c);
		*c = 1;
	}
	return pa;
}

void frame_refs_get(struct frame_refs *r, uint64_t pa)
{
	uint16_t *c = slot(r, pa);

	if (!*c || *c == FRAME_REFS_MAX)
		mm_panic("frame_refs_get: frame %#llx has count %u",
		         (unsigned long long)pa, *c);
	++*c;
}

unsigned frame_refs_put(struct frame_refs *r, uint64_t pa)
{
	uint16_t *c = slot(r, pa);

	if (!*c)
		mm_panic("frame_refs_put: frame %#llx has no owner",
		         (unsigned long long)pa);
	if (!--*c)
		frame_free(r->fa, pa);
	return *c;
}

unsigned frame_refs_count(const struct frame_refs *r, uint64_t pa)
{
	return *slot(r, pa);
}
