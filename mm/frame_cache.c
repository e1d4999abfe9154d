/* SPDX-License-Identifier: MIT */
/* Per-CPU caches of single frames (see mm/frame_alloc.h). */
#include <libk/string.h>
#include <mm/frame_alloc.h>
#include <mm/mm_panic.h>
#include "frame_bitmap.h"

/* The bucket of pfn in a stack's seen[] counts. */
static inline uint8_t *seen(struct frame_mag *m, uint64_t pfn)
{
	return &m->seen[(pfn * 0x9e3779b97f4a7c15ull) >> 56];
}

/* Fill this CPU's empty stack from the bitmap; false if it has no frame. */
static bool mag_refill(struct frame_alloc *fa, struct frame_mag *m)
{
	uint64_t t = mm_lock(fa->plat);
	unsigned got = frame_bm_take(fa, m->pfn, FRAME_MAG_MOVE);

	mm_unlock(fa->plat, t);
	for (unsigned i = 0; i < got; i++)
		(*seen(m, m->pfn[i]))++;
	mm_wr32(&m->n, got);
	return got != 0;
}

/* Give the n oldest frames of the stack (its bottom) to the bitmap. They
 * leave the stack first, so a bad one's panic leaves the stack sound. */
static void mag_flush(struct frame_alloc *fa, struct frame_mag *m, uint32_t n)
{
	uint64_t out[FRAME_MAG_CAP], t;

	LIBK_FN(memcpy)(out, m->pfn, n * sizeof(out[0]));
	LIBK_FN(memmove)(m->pfn, m->pfn + n, (m->n - n) * sizeof(m->pfn[0]));
	for (uint32_t i = 0; i < n; i++)
		(*seen(m, out[i]))--;
	mm_wr32(&m->n, m->n - n);
	t = mm_lock(fa->plat);
	for (uint32_t i = 0; i < n; i++)
		frame_bm_put(fa, out[i]);
	mm_unlock(fa->plat, t);
}

uint64_t frame_alloc(struct frame_alloc *fa)
{
	unsigned cpu;
	uint64_t t = mm_local_enter(fa->plat, &cpu), pa = MM_NO_PHYS;
	struct frame_mag *m = &fa->mag[cpu];

	if (mm_likely(m->n) || mag_refill(fa, m)) {
		uint32_t n = m->n - 1;

		(*seen(m, m->pfn[n]))--;
		pa = m->pfn[n] << FRAME_SHIFT;
		mm_wr32(&m->n, n);
	}
	mm_local_exit(fa->plat, t);
	return pa;
}

/* True if pfn is among the n frames at s (no early exit: the compiler
 * turns it into a few wide compares). */
static bool mag_holds(const uint64_t *s, uint32_t n, uint64_t pfn)
{
	uint64_t hit = 0;

	for (uint32_t i = 0; i < n; i++)
		hit |= s[i] == pfn;
	return hit != 0;
}

void frame_free(struct frame_alloc *fa, uint64_t phys)
{
	uint64_t pfn = phys >> FRAME_SHIFT;
	unsigned cpu;

	frame_check_aligned(phys);
	if (mm_unlikely(pfn >= fa->nframes))
		frame_check_free(fa, pfn, pfn + 1); /* panics */
	uint64_t t = mm_local_enter(fa->plat, &cpu);
	struct frame_mag *m = &fa->mag[cpu];

	if (mm_unlikely(*seen(m, pfn) != 0) && mag_holds(m->pfn, m->n, pfn))
		mm_panic("frame_free: double free of frame %#llx "
		         "(already in CPU %u's cache)",
		         (unsigned long long)phys, cpu);
	if (mm_unlikely(m->n == FRAME_MAG_CAP))
		mag_flush(fa, m, FRAME_MAG_MOVE);
	(*seen(m, pfn))++;
	m->pfn[m->n] = pfn;
	mm_wr32(&m->n, m->n + 1);
	mm_local_exit(fa->plat, t);
}

/* Under the lock throughout: on the kernel that also keeps this CPU's
 * own local section (interrupts off) out while its stack is flushed. */
void frame_cache_drain(struct frame_alloc *fa)
{
	uint64_t t = mm_lock(fa->plat);

	for (unsigned i = 0; i < MM_MAX_CPUS; i++)
		if (fa->mag[i].n)
			mag_flush(fa, &fa->mag[i], fa->mag[i].n);
	mm_unlock(fa->plat, t);
}

bool frame_cache_drain_local(struct frame_alloc *fa)
{
	unsigned cpu;
	uint64_t t = mm_local_enter(fa->plat, &cpu);
	struct frame_mag *m = &fa->mag[cpu];
	bool any = m->n != 0;

	if (any)
		mag_flush(fa, m, m->n);
	mm_local_exit(fa->plat, t);
	return any;
}

/* Frames in every CPU's cache (a snapshot: other CPUs keep running). */
static uint64_t cached_frames(const struct frame_alloc *fa)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < MM_MAX_CPUS; i++)
		n += mm_rd32(&fa->mag[i].n);
	return n;
}

/* Under the lock, so that free + used == managed in the snapshot. */
struct frame_counts frame_counts(const struct frame_alloc *fa)
{
	uint64_t t = mm_lock(fa->plat), cached = cached_frames(fa);
	struct frame_counts c = {
	    .free = fa->nfree + cached,
	    .used = fa->nmanaged - fa->nfree - cached,
	    .reserved = fa->nreserved,
	    .managed = fa->nmanaged,
	    .cached = cached,
	};

	mm_unlock(fa->plat, t);
	return c;
}

/* Allocated in the bitmap and in no CPU's cache. Reading another CPU's
 * stack is a snapshot; the callers (page-table pruning, tests) ask about
 * frames they own. */
bool frame_is_allocated(const struct frame_alloc *fa, uint64_t phys)
{
	uint64_t pfn = phys >> FRAME_SHIFT, wi = pfn >> 6;
	uint64_t bit = 1ull << (pfn & 63);

	if (pfn >= fa->nframes || !(fa->usable[wi] & bit) ||
	    (fa->free.lv[0][wi] & bit))
		return false;
	for (unsigned i = 0; i < MM_MAX_CPUS; i++)
		if (mag_holds(fa->mag[i].pfn, mm_rd32(&fa->mag[i].n), pfn))
			return false;
	return true;
}
