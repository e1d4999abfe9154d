/* SPDX-License-Identifier: MIT */
/* Fake physical memory for the page-table tests: npages 4 KiB pages that
 * appear at physical address ARENA_PHYS. */
#ifndef TEST_LOADER_TEST_ARENA_H
#define TEST_LOADER_TEST_ARENA_H
#include "pagetable.h"
#include <stdlib.h>

#define ARENA_PHYS 0x40000000ull

struct arena {
	uint8_t *mem;
	uint64_t npages, used;
};

static inline bool arena_alloc(void *ctx, uint64_t *phys)
{
	struct arena *a = ctx;

	if (a->used == a->npages)
		return false;
	*phys = ARENA_PHYS + a->used++ * 4096;
	return true;
}

static inline void *arena_ptr(void *ctx, uint64_t phys)
{
	struct arena *a = ctx;

	if (phys < ARENA_PHYS || phys >= ARENA_PHYS + a->used * 4096)
		abort(); /* the builder followed a bad entry */
	return a->mem + (phys - ARENA_PHYS);
}

/* A builder over a fresh arena of npages, PML4 allocated. */
static inline void arena_builder(struct pt_builder *b, struct arena *a,
                                 uint64_t npages)
{
	a->mem = aligned_alloc(4096, npages * 4096);
	a->npages = npages;
	a->used = 0;
	*b = (struct pt_builder){arena_alloc, arena_ptr, a, 0};
	if (pt_init(b))
		abort();
}
#endif
