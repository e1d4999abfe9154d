/* SPDX-License-Identifier: MIT */
/* User frames: mm/frame_refs.h counts over the kernel's frame allocator. */
#include <mm/frame_refs.h>
#include <mm/kmalloc.h>
#include <tern/errno.h>
#include "mm/mm_boot.h"
#include "proc/uframe.h"

static struct frame_refs urefs;

int uframe_init(void)
{
	uint16_t *refs;

	if (urefs.refs)
		return 0;
	refs = kcalloc(kernel_frames.nframes, sizeof(*refs));
	if (!refs)
		return -ENOMEM;
	frame_refs_init(&urefs, &kernel_frames, refs);
	return 0;
}

uint64_t uframe_alloc(void)
{
	return frame_refs_alloc(&urefs);
}

void uframe_get(uint64_t pa)
{
	frame_refs_get(&urefs, pa);
}

void uframe_put(uint64_t pa)
{
	frame_refs_put(&urefs, pa);
}

unsigned uframe_count(uint64_t pa)
{
	return frame_refs_count(&urefs, pa);
}
