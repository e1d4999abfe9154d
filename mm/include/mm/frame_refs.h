/* SPDX-License-Identifier: MIT */
/*
 * Reference counts for frames that several owners share: copy-on-write
 * user pages, mapped by a leaf in each process that forked from the
 * first (kernel/proc/uframe.c). One 16-bit count per frame of a frame
 * allocator's span; a frame goes back to the allocator when its count
 * drops to zero.
 *
 *   refs[pfn - fa->base_pfn]:  0 = not ours (free, or used elsewhere)
 *                              n = n owners
 *
 * A count that would pass FRAME_REFS_MAX, a put of a frame with count 0
 * and a frame outside the span are broken invariants: they panic, naming
 * the frame. Not locked: the caller serialises (one CPU, interrupts off,
 * or a lock of its own).
 */
#ifndef MM_FRAME_REFS_H
#define MM_FRAME_REFS_H
#include <stdint.h>
#include <mm/frame_alloc.h>

#define FRAME_REFS_MAX UINT16_MAX

struct frame_refs {
	struct frame_alloc *fa;
	uint16_t *refs; /* fa->nframes counts, zeroed by the caller */
};

/* Count frames of fa in refs[0 .. fa->nframes), all zero. */
void frame_refs_init(struct frame_refs *r, struct frame_alloc *fa,
                     uint16_t *refs);
/* A fresh frame with count 1, or MM_NO_PHYS. */
uint64_t frame_refs_alloc(struct frame_refs *r);
/* One more owner of pa (count >= 1). */
void frame_refs_get(struct frame_refs *r, uint64_t pa);
/* One owner fewer; at zero the frame is freed. Returns the new count. */
unsigned frame_refs_put(struct frame_refs *r, uint64_t pa);
/* Owners of pa. */
unsigned frame_refs_count(const struct frame_refs *r, uint64_t pa);
#endif
