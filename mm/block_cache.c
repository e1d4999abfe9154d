/* SPDX-License-Identifier: MIT */
/*
 * The block allocator's depot: what a CPU's magazine does when it is empty
 * or full (see mm/block_alloc.h). Everything here holds the platform lock;
 * the magazine itself belongs to the calling CPU (its local section).
 */
#include <libk/bitops.h>
#include <libk/string.h>
#include <mm/block_alloc.h>
#include "block_fast.h"

/* A block just taken from its slab enters the cache: tagged (and, in
 * debug builds, poisoned as if freed). */
static void *cache_enter(struct block_alloc *ba, unsigned cls, void *p)
{
#ifdef TERN_MM_DEBUG
	LIBK_FN(memset)(p, POISON, ba->cls[cls].size);
#else
	(void)cls;
#endif
	*(uint64_t *)p = block_tag(ba, p);
	return p;
}

bool block_mag_refill(struct block_alloc *ba, struct block_mag *m, unsigned cls)
{
	struct block_class *c = &ba->cls[cls];
	uint64_t t = mm_lock(ba->plat);
	uint32_t n = min(c->ndepot, (uint32_t)BLOCK_MAG_MOVE);

	c->ndepot -= n;
	LIBK_FN(memcpy)(m->slot, &c->depot[c->ndepot], n * sizeof(void *));
	/* a new slab only when nothing else is left: no slab is taken just
	 * to fill the magazine up */
	for (void *p;
	     n < BLOCK_MAG_MOVE && (p = block_slab_take(ba, cls, n == 0));)
		m->slot[n++] = cache_enter(ba, cls, p);
	mm_unlock(ba->plat, t);
	m->n = n;
	return n != 0;
}

/* Give the n oldest blocks of m (its bottom) to the depot, or to their
 * slabs for what the depot has no room for. Under the lock. */
static void mag_give(struct block_alloc *ba, struct block_mag *m, unsigned cls,
                     uint32_t n)
{
	struct block_class *c = &ba->cls[cls];
	uint32_t room = min(n, BLOCK_DEPOT_CAP - c->ndepot);

	LIBK_FN(memcpy)(&c->depot[c->ndepot], m->slot, room * sizeof(void *));
	c->ndepot += room;
	for (uint32_t i = room; i < n; i++)
		block_slab_give(ba, m->slot[i]);
	m->n -= n;
	LIBK_FN(memmove)(m->slot, m->slot + n, m->n * sizeof(void *));
}

void block_mag_flush(struct block_alloc *ba, struct block_mag *m, unsigned cls)
{
	uint64_t t = mm_lock(ba->plat);

	mag_give(ba, m, cls, BLOCK_MAG_MOVE);
	mm_unlock(ba->plat, t);
}

/* Every block of cpu's magazines back to its slab. Under the lock. */
static void mags_give(struct block_alloc *ba, unsigned cpu)
{
	for (unsigned cls = 0; cls < BLOCK_NCLASSES; cls++) {
		struct block_mag *m = &ba->cpu[cpu].mag[cls];

		for (uint32_t i = 0; i < m->n; i++)
			block_slab_give(ba, m->slot[i]);
		m->n = 0;
	}
}

/* Every depot's blocks back to their slabs. Under the lock. */
static void depots_give(struct block_alloc *ba)
{
	for (unsigned cls = 0; cls < BLOCK_NCLASSES; cls++) {
		struct block_class *c = &ba->cls[cls];

		while (c->ndepot)
			block_slab_give(ba, c->depot[--c->ndepot]);
	}
}

void block_drain(struct block_alloc *ba)
{
	uint64_t t = mm_lock(ba->plat);

	for (unsigned cpu = 0; cpu < MM_MAX_CPUS; cpu++)
		mags_give(ba, cpu);
	depots_give(ba);
	mm_unlock(ba->plat, t);
}

void block_drain_local(struct block_alloc *ba)
{
	unsigned cpu;
	uint64_t l = mm_local_enter(ba->plat, &cpu);
	uint64_t t = mm_lock(ba->plat);

	mags_give(ba, cpu);
	mm_unlock(ba->plat, t);
	mm_local_exit(ba->plat, l);
}

void block_drain_depots(struct block_alloc *ba)
{
	uint64_t t = mm_lock(ba->plat);

	depots_give(ba);
	mm_unlock(ba->plat, t);
}

void *block_alloc(struct block_alloc *ba, unsigned cls)
{
	unsigned cpu;
	uint64_t t = mm_local_enter(ba->plat, &cpu);
	void *p = block_alloc_local(ba, cpu, cls);

	mm_local_exit(ba->plat, t);
	return p;
}

void block_free(struct block_alloc *ba, void *p)
{
	unsigned cls = block_free_check(ba, p), cpu;
	uint64_t t = mm_local_enter(ba->plat, &cpu);

	block_free_local(ba, cpu, cls, p);
	mm_local_exit(ba->plat, t);
}
