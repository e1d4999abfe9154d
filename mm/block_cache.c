/* SPDX-License-Identifier: MIT */
/*
 * The block allocator's per-CPU depots: what a CPU's magazine does when it
 * is empty or full (see mm/block_alloc.h). The magazine and its depot
 * belong to the calling CPU (its local section): no lock; the slabs behind
 * them are under the platform lock.
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

/* Fill CPU cpu's empty magazine of cls (false: no memory). */
static bool mag_refill(struct block_alloc *ba, unsigned cpu, unsigned cls)
{
	struct block_mag *m = &ba->cpu[cpu].mag[cls];
	struct block_depot *d = &ba->cpu[cpu].depot[cls];
	uint32_t n = min(d->n, (uint32_t)BLOCK_MAG_MOVE);

	d->n -= n;
	LIBK_FN(memcpy)(m->slot, &d->slot[d->n], n * sizeof(void *));
	if (n < BLOCK_MAG_MOVE) {
		uint64_t t = mm_lock(ba->plat);

		/* a new slab only when nothing else is left: no slab is
		 * taken just to fill the magazine up */
		for (void *p; n < BLOCK_MAG_MOVE &&
		              (p = block_slab_take(ba, cls, n == 0, cpu));)
			m->slot[n++] = cache_enter(ba, cls, p);
		mm_unlock(ba->plat, t);
	}
	m->n = n;
	return n != 0;
}

/* n blocks back to their slabs, under the lock. */
static void slabs_give(struct block_alloc *ba, void *const *p, uint32_t n)
{
	if (!n)
		return;
	uint64_t t = mm_lock(ba->plat);

	for (uint32_t i = 0; i < n; i++)
		block_slab_give(ba, p[i]);
	mm_unlock(ba->plat, t);
}

/* Make room in CPU cpu's full magazine of cls: its BLOCK_MAG_MOVE oldest
 * blocks (its bottom) go to the depot, or to their slabs for what the
 * depot has no room for. */
static void mag_flush(struct block_alloc *ba, unsigned cpu, unsigned cls)
{
	struct block_mag *m = &ba->cpu[cpu].mag[cls];
	struct block_depot *d = &ba->cpu[cpu].depot[cls];
	const uint32_t n = BLOCK_MAG_MOVE;
	uint32_t room = min(n, BLOCK_DEPOT_CAP - d->n);

	LIBK_FN(memcpy)(&d->slot[d->n], m->slot, room * sizeof(void *));
	d->n += room;
	if (room < n)
		slabs_give(ba, m->slot + room, n - room);
	m->n -= n;
	LIBK_FN(memmove)(m->slot, m->slot + n, m->n * sizeof(void *));
}

void *block_alloc_refill(struct block_alloc *ba, unsigned cpu, unsigned cls)
{
	if (!mag_refill(ba, cpu, cls))
		return NULL;
	return block_mag_pop(ba, &ba->cpu[cpu].mag[cls], cls);
}

void block_free_flush(struct block_alloc *ba, unsigned cpu, unsigned cls,
                      void *p)
{
	mag_flush(ba, cpu, cls);
	block_mag_push(ba, &ba->cpu[cpu].mag[cls], cls, p);
}

/* Every block of cpu's magazines and depots back to its slab. */
static void mags_give(struct block_alloc *ba, unsigned cpu)
{
	for (unsigned cls = 0; cls < BLOCK_NCLASSES; cls++) {
		struct block_mag *m = &ba->cpu[cpu].mag[cls];
		struct block_depot *d = &ba->cpu[cpu].depot[cls];

		slabs_give(ba, m->slot, m->n);
		slabs_give(ba, d->slot, d->n);
		m->n = d->n = 0;
	}
}

void block_drain(struct block_alloc *ba)
{
	for (unsigned cpu = 0; cpu < MM_MAX_CPUS; cpu++)
		mags_give(ba, cpu);
}

void block_drain_local(struct block_alloc *ba)
{
	unsigned cpu;
	uint64_t l = mm_local_enter(ba->plat, &cpu);

	mags_give(ba, cpu);
	mm_local_exit(ba->plat, l);
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
