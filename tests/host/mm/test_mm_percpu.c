/* SPDX-License-Identifier: MIT */
/*
 * The per-CPU caches on one thread that plays several CPUs (sim_set_cpu):
 * block magazines (refill and flush in batches, bounds, blocks freed on
 * another CPU, double frees across CPUs, drain gives everything back) and
 * frame caches (refill and flush, duplicates, counts, drain).
 */
#include <string.h>
#include <mm/kmalloc.h>
#include "sim.h"
#include "test.h"

#define RAM (64ull << 20)

static struct sim sim;
static struct frame_alloc fa;
static struct block_alloc *ba = &mm_heap.ba;

static struct block_mag *mag(unsigned cpu, unsigned cls)
{
	return &ba->cpu[cpu].mag[cls];
}

/* Nothing cached anywhere: every magazine and depot empty. */
static void check_no_cached_blocks(void)
{
	for (unsigned c = 0; c < BLOCK_NCLASSES; c++) {
		for (unsigned cpu = 0; cpu < MM_MAX_CPUS; cpu++) {
			CHECK_EQ(mag(cpu, c)->n, 0);
			CHECK_EQ(ba->cpu[cpu].depot[c].n, 0);
		}
	}
}

static uintptr_t slab_base(const void *p)
{
	return (uintptr_t)p & ~(uintptr_t)(BLOCK_SLAB_SIZE - 1);
}

/* An empty magazine takes BLOCK_MAG_MOVE blocks; a full one gives back
 * BLOCK_MAG_MOVE to its CPU's depot, which is bounded (the rest go to
 * slabs). Another CPU neither takes from that depot nor carves the same
 * slab: its refill comes from a current slab of its own. */
static void magazine_refill_and_flush(void)
{
	static void *p[4 * BLOCK_MAG_CAP + 2 * BLOCK_DEPOT_CAP];
	const unsigned cls = 2, n = sizeof(p) / sizeof(p[0]);
	struct block_stats s;

	mm_drain_caches();
	sim_set_cpu(0);
	p[0] = block_alloc(ba, cls);
	CHECK_EQ(mag(0, cls)->n, BLOCK_MAG_MOVE - 1);
	for (unsigned i = 1; i < n; i++)
		p[i] = block_alloc(ba, cls);
	CHECK(mag(0, cls)->n < BLOCK_MAG_MOVE);
	for (unsigned i = 0; i < n; i++) {
		block_free(ba, p[i]);
		CHECK(mag(0, cls)->n <= BLOCK_MAG_CAP);
		CHECK(ba->cpu[0].depot[cls].n <= BLOCK_DEPOT_CAP);
	}
	CHECK_EQ(ba->cpu[0].depot[cls].n, BLOCK_DEPOT_CAP);
	block_stats(ba, cls, &s);
	CHECK_EQ(s.live, 0);
	CHECK_EQ(s.allocs, s.frees);
	/* LIFO: the last block freed is the first handed out */
	CHECK(block_alloc(ba, cls) == p[n - 1]);
	block_free(ba, p[n - 1]);
	/* another CPU's empty magazine refills from its own slab */
	sim_set_cpu(1);
	uint32_t depot = ba->cpu[0].depot[cls].n;
	uintptr_t cur0 = (uintptr_t)ba->cls[cls].cur[0];

	p[0] = block_alloc(ba, cls);
	CHECK_EQ(ba->cpu[0].depot[cls].n, depot);
	CHECK_EQ(mag(1, cls)->n, BLOCK_MAG_MOVE - 1);
	CHECK(ba->cls[cls].cur[1] != NULL);
	CHECK_EQ(slab_base(p[0]), (uintptr_t)ba->cls[cls].cur[1]);
	CHECK(slab_base(p[0]) != cur0);
	for (uint32_t i = 0; i < BLOCK_MAG_MOVE - 1; i++)
		CHECK_EQ(slab_base(mag(1, cls)->slot[i]), slab_base(p[0]));
	block_free(ba, p[0]);
	sim_set_cpu(0);
	mm_drain_caches();
	check_no_cached_blocks();
}

/* A block allocated on CPU 0 and freed on CPU 1 lands in CPU 1's
 * magazine, and CPU 1 hands it out next. Stats sum over CPUs. */
static void cross_cpu_free(void)
{
	int cls = block_class_for(ba, 200, 8);
	struct block_stats a, b;
	void *p;

	block_stats(ba, (unsigned)cls, &a);
	sim_set_cpu(0);
	p = kmalloc(200);
	sim_set_cpu(3);
	uint32_t n1 = mag(3, (unsigned)cls)->n;

	kfree(p);
	CHECK_EQ(mag(3, (unsigned)cls)->n, n1 + 1);
	block_stats(ba, (unsigned)cls, &b);
	CHECK_EQ(b.allocs, a.allocs + 1);
	CHECK_EQ(b.frees, a.frees + 1);
	CHECK_EQ(b.live, a.live);
	CHECK(kmalloc(220) == p); /* same class (224), same CPU */
	/* a double free across CPUs: the tag of the cached block */
	kfree(p);
	sim_set_cpu(5);
	CHECK_PANICS(kfree(p));
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	/* after the drain it is back in its slab: the bitmap catches it */
	sim_set_cpu(0);
	mm_drain_caches();
	CHECK_PANICS(kfree(p));
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	check_no_cached_blocks();
}

/* kmalloc/kfree on many CPUs, then a drain and a trim: frames and slabs
 * exactly back to where they were. */
static void drain_gives_everything_back(void)
{
	static void *p[3000];
	struct frame_counts c0, c1;

	mm_drain_caches();
	block_trim(ba);
	c0 = frame_counts(&fa);
	for (unsigned i = 0; i < 3000; i++) {
		sim_set_cpu(i % MM_MAX_CPUS);
		p[i] = kmalloc(test_rand_below(6000) + 1);
		CHECK(p[i] != NULL);
	}
	for (unsigned i = 0; i < 3000; i++) {
		sim_set_cpu((i * 7) % MM_MAX_CPUS);
		kfree(p[i]);
	}
	sim_set_cpu(0);
	c1 = frame_counts(&fa);
	CHECK(c1.used > c0.used); /* slabs and cached ranges are held */
	mm_drain_caches();
	block_trim(ba);
	check_no_cached_blocks();
	CHECK_EQ(mm_heap.pa.cache.n, 0);
	c1 = frame_counts(&fa);
	CHECK_EQ(c1.cached, 0);
	CHECK_EQ(c1.used, c0.used);
	CHECK_EQ(c1.free, c0.free);
}

/* The same, drained the way the kernel does while other CPUs run: each
 * CPU its own caches (mm_drain_local), then the shared ones once. */
static void drain_per_cpu_gives_everything_back(void)
{
	static void *p[2000];
	struct frame_counts c0, c1;

	mm_drain_caches();
	block_trim(ba);
	c0 = frame_counts(&fa);
	for (unsigned i = 0; i < 2000; i++) {
		sim_set_cpu(i % 4);
		p[i] = kmalloc(test_rand_below(9000) + 1);
		CHECK(p[i] != NULL);
	}
	for (unsigned i = 0; i < 2000; i++) {
		sim_set_cpu((i * 3 + 1) % 4);
		kfree(p[i]);
	}
	for (unsigned cpu = 0; cpu < 4; cpu++) {
		sim_set_cpu(cpu);
		mm_drain_local();
	}
	sim_set_cpu(0);
	mm_drain_shared();
	check_no_cached_blocks();
	CHECK_EQ(mm_heap.pa.cache.n, 0);
	c1 = frame_counts(&fa);
	CHECK_EQ(c1.cached, 0);
	block_trim(ba);
	c1 = frame_counts(&fa);
	CHECK_EQ(c1.used, c0.used);
	CHECK_EQ(c1.free, c0.free);
}

/* Frames: refill and flush in batches, duplicates caught in the cache,
 * the same frame freed on two CPUs caught when the second cache flushes;
 * cached frames count as free and are not "allocated". */
static void frame_caches(void)
{
	static uint64_t f[3 * FRAME_MAG_CAP];
	struct frame_counts c0 = frame_counts(&fa), c;

	sim_set_cpu(2);
	f[0] = frame_alloc(&fa);
	CHECK_EQ(fa.mag[2].n, FRAME_MAG_MOVE - 1);
	c = frame_counts(&fa);
	CHECK_EQ(c.free, c0.free - 1);
	CHECK_EQ(c.cached, c0.cached + FRAME_MAG_MOVE - 1);
	for (unsigned i = 1; i < 3 * FRAME_MAG_CAP; i++)
		f[i] = frame_alloc(&fa);
	for (unsigned i = 0; i < 3 * FRAME_MAG_CAP; i++) {
		frame_free(&fa, f[i]);
		CHECK(fa.mag[2].n <= FRAME_MAG_CAP);
		CHECK(!frame_is_allocated(&fa, f[i]));
	}
	CHECK_EQ(frame_counts(&fa).free, c0.free);
	f[0] = frame_alloc(&fa);
	frame_free(&fa, f[0]);
	CHECK_PANICS(frame_free(&fa, f[0]));
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	/* freed again on another CPU: caught when that cache flushes */
	sim_set_cpu(4);
	frame_cache_drain(&fa);
	f[1] = frame_alloc(&fa);
	frame_free(&fa, f[1]);
	sim_set_cpu(6);
	frame_free(&fa, f[1]);
	CHECK_PANICS(frame_cache_drain(&fa));
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	sim_set_cpu(0);
	frame_cache_drain(&fa);
	c = frame_counts(&fa);
	CHECK_EQ(c.cached, 0);
	CHECK_EQ(c.free, c0.free + c0.cached);
}

/* kmalloc_on and kfree_on work on the CPU they are given, whatever the
 * local section would report (the kernel's kmalloc reads the index
 * inline and passes it): the block comes from that CPU's magazine and
 * goes to the freeing CPU's; the page path and NULL pass through; a
 * double free is still caught. */
static void kmalloc_on_uses_the_named_cpu(void)
{
	const unsigned cls = ba->by8[(40 + 7) >> 3];
	void *p, *q;

	mm_drain_caches();
	sim_set_cpu(0);
	p = kmalloc_on(3, 40);
	CHECK(p != NULL);
	CHECK_EQ(mag(3, cls)->n, BLOCK_MAG_MOVE - 1);
	CHECK_EQ(mag(0, cls)->n, 0);
	CHECK(block_usable_size(ba, p) >= 40);
	kfree_on(5, p);
	CHECK_EQ(mag(5, cls)->n, 1);
	CHECK_EQ(mag(3, cls)->n, BLOCK_MAG_MOVE - 1);
	CHECK_PANICS(kfree_on(5, p));
	q = kmalloc_on(1, 3 * 4096 + 1);
	CHECK(q != NULL && page_alloc_owns(&mm_heap.pa, q));
	memset(q, 0xab, 3 * 4096 + 1);
	kfree_on(1, q);
	kfree_on(2, NULL);
	mm_drain_caches();
	check_no_cached_blocks();
}

int main(void)
{
	test_rng_seed();
	sim_init(&sim, RAM, 64ull << 20);
	sim_enable_smp(&sim);
	CHECK_EQ(sim_heap_init(&sim, &fa), 0);
	magazine_refill_and_flush();
	cross_cpu_free();
	drain_gives_everything_back();
	drain_per_cpu_gives_everything_back();
	frame_caches();
	kmalloc_on_uses_the_named_cpu();
	sim_fini(&sim);
	return test_finish();
}
