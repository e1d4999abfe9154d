/* SPDX-License-Identifier: MIT */
/* Frame allocator: randomized run against a reference bitmap, exhaustion,
 * reclaimable ranges, and the panics for bad frees. */
#include <stdlib.h>
#include <mm/frame_alloc.h>
#include "sim.h"
#include "test.h"

#define RAM        (64ull << 20)
#define STRESS_OPS 1000000

static struct sim sim;
static struct frame_alloc fa;
static uint8_t *owned; /* per frame: 1 = handed to the test */
static uint64_t nowned;

static uint64_t pfn_of(uint64_t pa)
{
	return pa >> FRAME_SHIFT;
}

static bool in_usable(uint64_t pa)
{
	const struct tern_mem_range *u = &sim.map[1];

	return pa >= u->base && pa + FRAME_SIZE <= u->base + u->length;
}

/* Record frames [pa, pa + n) as taken; they must be usable and unowned. */
static void take(uint64_t pa, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t f = pfn_of(pa) + i;

		CHECK(in_usable(f << FRAME_SHIFT) ||
		      (f << FRAME_SHIFT) >= sim.map[2].base);
		CHECK(!owned[f]);
		owned[f] = 1;
	}
	nowned += n;
}

static void give(uint64_t pa, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		owned[pfn_of(pa) + i] = 0;
	nowned -= n;
	if (n == 1)
		frame_free(&fa, pa);
	else
		frame_free_contig(&fa, pa, n);
}

struct run {
	uint64_t pa, n;
};

/* Random singles and runs; frees in random order. */
static void stress(uint64_t base_free)
{
	enum { MAXLIVE = 4096 };
	static struct run live[MAXLIVE];
	unsigned nlive = 0;

	for (long op = 0; op < STRESS_OPS; op++) {
		uint64_t r = test_rand();

		if (nlive && (nlive == MAXLIVE || (r & 3) == 0)) {
			unsigned k = (unsigned)test_rand_below(nlive);

			give(live[k].pa, live[k].n);
			live[k] = live[--nlive];
		} else {
			uint64_t n = 1, align = 1, pa;

			if ((r >> 8) % 16 == 0) {
				n = 1 + test_rand_below(600);
				align = 1ull << test_rand_below(10);
			}
			pa = frame_alloc_contig(&fa, n, align);
			if (pa == MM_NO_PHYS)
				continue;
			CHECK_EQ(pfn_of(pa) % align, 0);
			take(pa, n);
			live[nlive++] = (struct run){pa, n};
		}
		if ((op & 0xffff) == 0)
			CHECK_EQ(frame_counts(&fa).free, base_free - nowned);
	}
	while (nlive) {
		nlive--;
		give(live[nlive].pa, live[nlive].n);
	}
	CHECK_EQ(frame_counts(&fa).free, base_free);
	CHECK_EQ(nowned, 0);
}

/* Take every frame one by one, then give them all back. */
static void exhaust(uint64_t base_free)
{
	uint64_t *all = malloc(base_free * sizeof(uint64_t)), n = 0, pa;

	while ((pa = frame_alloc(&fa)) != MM_NO_PHYS)
		all[n++] = pa;
	CHECK_EQ(n, base_free);
	CHECK_EQ(frame_counts(&fa).free, 0);
	CHECK_EQ(frame_alloc_contig(&fa, 512, 512), MM_NO_PHYS);
	CHECK_EQ(frame_alloc_contig(&fa, 3, 4), MM_NO_PHYS);
	while (n)
		frame_free(&fa, all[--n]);
	CHECK_EQ(frame_counts(&fa).free, base_free);
	/* after everything came back, a 2 MiB run exists again */
	pa = frame_alloc_contig(&fa, 512, 512);
	CHECK(pa != MM_NO_PHYS);
	CHECK_EQ(pa & 0x1fffff, 0);
	frame_free_contig(&fa, pa, 512);
	free(all);
}

/* Free one frame and flush the cache at once: the checks that wait for the
 * flush (reserved, outside, never allocated) run now. */
static void free_flushed(uint64_t pa)
{
	frame_free(&fa, pa);
	frame_cache_drain(&fa);
}

static void bad_frees(void)
{
	uint64_t pa = frame_alloc(&fa);

	frame_cache_drain(&fa); /* each bad frame below is alone in it */
	frame_free(&fa, pa);
	CHECK_PANICS(frame_free(&fa, pa)); /* still in this CPU's cache */
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	frame_cache_drain(&fa);
	CHECK_PANICS(free_flushed(pa)); /* back in the bitmap */
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	CHECK_PANICS(free_flushed(SIM_RAM_BASE)); /* kernel */
	CHECK(strstr(test_panic_msg, "reserved (kernel)") != NULL);
	CHECK_PANICS(frame_free(&fa, SIM_MMIO_BASE)); /* past the span: now */
	CHECK(strstr(test_panic_msg, "reserved (MMIO)") != NULL);
	CHECK_PANICS(free_flushed(0x1000)); /* hole below RAM */
	CHECK(strstr(test_panic_msg, "outside managed memory") != NULL);
	CHECK_PANICS(frame_free(&fa, 1ull << 40));
	CHECK(strstr(test_panic_msg, "outside managed memory") != NULL);
	CHECK_PANICS(free_flushed(fa.meta_phys));
	CHECK(strstr(test_panic_msg, "allocator metadata") != NULL);
	CHECK_PANICS(free_flushed(sim.map[2].base)); /* not added yet */
	CHECK(strstr(test_panic_msg, "loader-reclaimable") != NULL);
	CHECK_EQ(fa.mag[0].n, 0); /* a bad frame never stays cached */
	pa = frame_alloc(&fa);
	CHECK_PANICS(frame_free(&fa, pa + 8));
	CHECK(strstr(test_panic_msg, "not frame aligned") != NULL);
	/* a contiguous free with one already-free frame inside */
	uint64_t run = frame_alloc_contig(&fa, 8, 8);

	free_flushed(run + 3 * FRAME_SIZE);
	CHECK_PANICS(frame_free_contig(&fa, run, 8));
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	for (int i = 0; i < 8; i++)
		if (i != 3)
			frame_free(&fa, run + i * FRAME_SIZE);
	frame_free(&fa, pa);
}

/* frame_alloc_contig_below (32-bit DMA devices): every run ends at or
 * below the limit, the frames below it are all handed out before it says
 * none, and memory above the limit stays for everyone else. */
static void below_limit(uint64_t base_free)
{
	static uint64_t all[RAM / FRAME_SIZE];
	static const uint64_t sizes[][2] = {
	    {512, 512}, {600, 1}, {3, 4}, {1, 1}};
	const uint64_t limit = SIM_RAM_BASE + (8ull << 20);
	uint64_t n = 0, pa, frames = 0;

	for (unsigned k = 0; k < 4; k++) {
		while ((pa = frame_alloc_contig_below(&fa, sizes[k][0],
		                                      sizes[k][1], limit)) !=
		       MM_NO_PHYS) {
			CHECK(pa + sizes[k][0] * FRAME_SIZE <= limit);
			CHECK_EQ(pfn_of(pa) % sizes[k][1], 0);
			take(pa, sizes[k][0]);
			all[n++] = pa | k;
			frames += sizes[k][0];
		}
	}
	for (pa = sim.map[1].base; pa < limit; pa += FRAME_SIZE)
		if (in_usable(pa) &&
		    !(pa >= fa.meta_phys &&
		      pa < fa.meta_phys + fa.meta_frames * FRAME_SIZE))
			CHECK(frame_is_allocated(&fa, pa));
	CHECK_EQ(frame_counts(&fa).free, base_free - frames);
	pa = frame_alloc_contig(&fa, 512, 512); /* above the limit */
	CHECK(pa != MM_NO_PHYS && pa >= limit);
	frame_free_contig(&fa, pa, 512);
	while (n) {
		n--;
		give(all[n] & ~3ull, sizes[all[n] & 3][0]);
	}
	CHECK_EQ(frame_counts(&fa).free, base_free);
}

int main(void)
{
	test_rng_seed();
	sim_init(&sim, RAM, 1 << 20);
	owned = calloc(pfn_of(SIM_RAM_BASE + RAM), 1);
	CHECK_EQ(frame_init(&fa, sim.map, sim.nmap, &sim.plat), 0);
	struct frame_counts c = frame_counts(&fa);
	uint64_t usable = sim.map[1].length / FRAME_SIZE;

	CHECK_EQ(c.free, usable - fa.meta_frames);
	CHECK_EQ(c.used, 0);
	CHECK_EQ(c.reserved, (SIM_KERNEL_SIZE + SIM_LOADER_SIZE) / FRAME_SIZE +
	                         1 + fa.meta_frames);
	CHECK_EQ(fa.meta_phys, sim.map[1].base);

	exhaust(c.free);
	bad_frees();
	CHECK_EQ(frame_counts(&fa).free, c.free);
	below_limit(c.free);
	/* loader-reclaimable memory joins; adding it twice adds nothing */
	CHECK_EQ(frame_add_range(&fa, sim.map[2].base, sim.map[2].length),
	         SIM_LOADER_SIZE / FRAME_SIZE);
	CHECK_EQ(frame_add_range(&fa, sim.map[2].base, sim.map[2].length), 0);
	CHECK_EQ(frame_add_range(&fa, fa.meta_phys, FRAME_SIZE), 0);
	CHECK_EQ(frame_counts(&fa).free, c.free + SIM_LOADER_SIZE / FRAME_SIZE);
	stress(frame_counts(&fa).free);

	/* empty map, and a map whose RAM cannot hold the bitmaps */
	struct tern_mem_range none = {0, 0x1000, TERN_MEM_MMIO, 0};

	CHECK_EQ(frame_init(&fa, &none, 1, &sim.plat), -1);
	free(owned);
	sim_fini(&sim);
	return test_finish();
}
