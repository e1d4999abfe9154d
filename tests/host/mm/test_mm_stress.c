/* SPDX-License-Identifier: MIT */
/*
 * kmalloc stress: 1,000,000 random operations (kmalloc, kmalloc_aligned,
 * krealloc, kfree; sizes 0 B .. 64 KiB, both paths) against a reference
 * model. A shadow bitmap over the simulated physical memory (one bit per
 * 8-byte granule) proves that no two live allocations share memory, page
 * allocations included (through their page-table entries). Frame counts are
 * checked against slabs + mapped pages throughout, and everything must
 * drain back to the exact starting state.
 */
#include <stdlib.h>
#include <mm/kmalloc.h>
#include "sim.h"
#include "test.h"

#define OPS     (getenv("MM_OPS") ? atol(getenv("MM_OPS")) : 1000000)
#define MAXLIVE 20000
#define RAM     (256ull << 20)

struct obj {
	uint8_t *p;
	size_t size, align;
	uint8_t tag;
};

static struct sim sim;
static uint64_t *shadow; /* bit per 8-byte granule of simulated RAM */
static struct obj live[MAXLIVE];
static unsigned nlive;

/* Flip the shadow bits of physical [pa, pa + len); all must be `expect`. */
static void shadow_flip(uint64_t pa, uint64_t len, bool expect)
{
	uint64_t g0 = (pa - SIM_RAM_BASE) / 8, g1 = g0 + (len + 7) / 8;

	for (uint64_t g = g0; g < g1; g++) {
		bool was = (shadow[g >> 6] >> (g & 63)) & 1;

		if (was != expect) {
			test_fail(__FILE__, __LINE__, "overlap at phys %#llx",
			          (unsigned long long)(SIM_RAM_BASE + g * 8));
			return;
		}
		shadow[g >> 6] ^= 1ull << (g & 63);
	}
}

static void shadow_obj(const struct obj *o, bool expect)
{
	if (!page_alloc_owns(&mm_heap.pa, o->p)) {
		shadow_flip(mm_virt_to_phys(&sim.plat, o->p), max(o->size, 1),
		            expect);
		return;
	}
	uint64_t n = ksize(o->p) / 4096; /* mapped, may exceed o->size */

	CHECK(n >= (o->size + 4095) / 4096);

	for (uint64_t i = 0; i < n; i++)
		shadow_flip(sim_pte(&sim, (uintptr_t)o->p + i * 4096), 4096,
		            expect);
	CHECK_EQ(sim_pte(&sim, (uintptr_t)o->p + n * 4096), MM_NO_PHYS);
}

static size_t random_size(void)
{
	uint64_t r = test_rand_below(1000);

	if (r < 700)
		return test_rand_below(257);
	if (r < 980)
		return 257 + test_rand_below(4096 - 256);
	return 4097 + test_rand_below(65536 - 4096);
}

static void obj_fill(struct obj *o)
{
	o->tag = (uint8_t)test_rand();
	if (o->size) {
		o->p[0] = o->tag;
		o->p[o->size - 1] = o->tag;
	}
}

static void obj_check(const struct obj *o)
{
	if (o->size) {
		CHECK_EQ(o->p[0], o->tag);
		CHECK_EQ(o->p[o->size - 1], o->tag);
	}
	CHECK_EQ((uintptr_t)o->p % o->align, 0);
	CHECK(ksize(o->p) >= o->size);
}

static void op_alloc(void)
{
	struct obj o = {.size = random_size(), .align = 8};

	if (test_rand_below(10) == 0) {
		o.align = 1ull << test_rand_below(13);
		o.p = kmalloc_aligned(o.size, o.align);
		o.align = max(o.align, (size_t)8);
	} else {
		o.p = kmalloc(o.size);
	}
	if (!o.p)
		return;
	shadow_obj(&o, false);
	obj_fill(&o);
	obj_check(&o);
	live[nlive++] = o;
}

static void op_free(unsigned k)
{
	obj_check(&live[k]);
	shadow_obj(&live[k], true);
	kfree(live[k].p);
	live[k] = live[--nlive];
}

static void op_realloc(unsigned k)
{
	struct obj *o = &live[k];
	size_t n = random_size();
	uint8_t *q;

	obj_check(o);
	shadow_obj(o, true);
	q = krealloc(o->p, n);
	if (!n) { /* krealloc(p, 0) frees p */
		CHECK(q == NULL);
		live[k] = live[--nlive];
		return;
	}
	if (!q) {
		shadow_obj(o, false);
		return;
	}
	if (n && o->size)
		CHECK_EQ(q[0], o->tag);
	o->p = q;
	o->size = n;
	o->align = 8;
	shadow_obj(o, false);
	obj_fill(o);
}

/* Frames in use = baseline + slabs beyond the baseline + mapped pages
 * (live or cached); cached single frames count as free. */
static void check_frames(uint64_t used0, uint64_t slabs0)
{
	uint64_t slabs = 0;

	for (unsigned i = 0; i < BLOCK_NCLASSES; i++)
		slabs += mm_heap.ba.cls[i].nslabs;
	CHECK_EQ(frame_counts(mm_heap.fa).used,
	         used0 + (slabs - slabs0) * (BLOCK_SLAB_SIZE / 4096) +
	             mm_heap.pa.pages_mapped + mm_heap.pa.cache.pages);
}

int main(void)
{
	struct frame_alloc fa;
	uint64_t slabs0 = 0;

	test_rng_seed();
	sim_init(&sim, RAM, 1ull << 30);
	shadow = calloc(RAM / 8 / 64, 8);
	CHECK_EQ(frame_init(&fa, sim.map, sim.nmap, &sim.plat), 0);
	CHECK_EQ(mm_init(&sim.plat, &fa, (uintptr_t)sim.va, sim.va_size, NULL),
	         0);
	struct frame_counts c0 = frame_counts(&fa);

	for (unsigned i = 0; i < BLOCK_NCLASSES; i++)
		slabs0 += mm_heap.ba.cls[i].nslabs;
	for (long op = 0; op < OPS; op++) {
		uint64_t r = test_rand_below(100);
		/* drift between a small and a large live set */
		unsigned target = (op / 100000) % 2 ? MAXLIVE - 1 : 2000;

		if (nlive && r < 4)
			op_realloc((unsigned)test_rand_below(nlive));
		else if (nlive && (nlive >= target || r < 45))
			op_free((unsigned)test_rand_below(nlive));
		else
			op_alloc();
		if (op % 50000 == 0)
			check_frames(c0.used, slabs0);
	}
	check_frames(c0.used, slabs0);
	while (nlive)
		op_free(nlive - 1);
	mm_drain_caches();
	block_trim(&mm_heap.ba);
	struct frame_counts c1 = frame_counts(&fa);

	CHECK_EQ(c1.free, c0.free);
	CHECK_EQ(c1.used, c0.used);
	CHECK_EQ(mm_heap.pa.pages_mapped, 0);
	CHECK_EQ(mm_heap.pa.live_count, 0);
	for (uint64_t i = 0; i < RAM / 8 / 64; i++)
		if (shadow[i])
			test_fail(__FILE__, __LINE__, "shadow not drained");
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++) {
		struct block_stats s;

		block_stats(&mm_heap.ba, i, &s);
		CHECK_EQ(s.allocs - s.frees, s.live);
		CHECK_EQ(s.live, i == (unsigned)mm_heap.pa.node_cls);
	}
	free(shadow);
	sim_fini(&sim);
	return test_finish();
}
