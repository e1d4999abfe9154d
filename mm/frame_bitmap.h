/* SPDX-License-Identifier: MIT */
/* The frame allocator's bitmap layer (frame_alloc.c), for its per-CPU
 * caches (frame_cache.c). Private to mm/; callers hold the lock. */
#ifndef MM_FRAME_BITMAP_H
#define MM_FRAME_BITMAP_H
#include <mm/frame_alloc.h>

/* Up to n free frames into out[] (frame numbers); returns how many. */
unsigned frame_bm_take(struct frame_alloc *fa, uint64_t *out, unsigned n);
/* Free frame pfn into the bitmap; panics naming what is wrong with it. */
void frame_bm_put(struct frame_alloc *fa, uint64_t pfn);
/* Panic unless frames [a, b) are managed and allocated. */
void frame_check_free(const struct frame_alloc *fa, uint64_t a, uint64_t b);
/* Panic unless phys is frame aligned. */
void frame_check_aligned(uint64_t phys);
#endif
