/* SPDX-License-Identifier: MIT */
#include <libk/panic.h>
#include <mm/kmalloc.h>
#include <tern/errno.h>
#include "mm/mm_boot.h"
#include "proc/uframe.h"

static uint16_t *refs; /* per frame of kernel_frames' span */

/* The slot of pa; panics on a frame outside the allocator's span. */
static uint16_t *slot(uint64_t pa)
{
	uint64_t pfn = pa / FRAME_SIZE;

	if (!refs || pfn < kernel_frames.base_pfn ||
	    pfn - kernel_frames.base_pfn >= kernel_frames.nframes)
		panic("uframe: frame %#llx outside the allocator",
		      (unsigned long long)pa);
	return &refs[pfn - kernel_frames.base_pfn];
}

int uframe_init(void)
{
	if (!refs)
		refs = kcalloc(kernel_frames.nframes, sizeof(*refs));
	return refs ? 0 : -ENOMEM;
}

uint64_t uframe_alloc(void)
{
	uint64_t pa = frame_alloc(&kernel_frames);

	if (pa != MM_NO_PHYS)
		*slot(pa) = 1;
	return pa;
}

void uframe_get(uint64_t pa)
{
	uint16_t *r = slot(pa);

	if (!*r || *r == UINT16_MAX)
		panic("uframe_get: frame %#llx has count %u",
		      (unsigned long long)pa, *r);
	++*r;
}

void uframe_put(uint64_t pa)
{
	uint16_t *r = slot(pa);

	if (!*r)
		panic("uframe_put: frame %#llx is not mapped",
		      (unsigned long long)pa);
	if (!--*r)
		frame_free(&kernel_frames, pa);
}

unsigned uframe_count(uint64_t pa)
{
	return *slot(pa);
}
