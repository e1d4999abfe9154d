/* SPDX-License-Identifier: MIT */
/* Shared-frame reference counts (mm/frame_refs.c), the copy-on-write
 * bookkeeping of user frames: a frame is freed exactly when its last
 * owner lets go, and broken invariants panic. */
#include <stdlib.h>
#include <mm/frame_refs.h>
#include "sim.h"
#include "test.h"

#define RAM (16ull << 20)

static struct sim sim;
static struct frame_alloc fa;
static struct frame_refs r;

static uint64_t free_frames(void)
{
	return frame_counts(&fa).free;
}

static void test_basic(void)
{
	uint64_t before = free_frames(), pa = frame_refs_alloc(&r);

	CHECK(pa != MM_NO_PHYS);
	CHECK_EQ(frame_refs_count(&r, pa), 1);
	CHECK_EQ(free_frames(), before - 1);
	frame_refs_get(&r, pa); /* a fork shares it */
	frame_refs_get(&r, pa);
	CHECK_EQ(frame_refs_count(&r, pa), 3);
	CHECK_EQ(frame_refs_put(&r, pa), 2); /* one copied on write */
	CHECK_EQ(frame_refs_put(&r, pa), 1);
	CHECK_EQ(free_frames(), before - 1); /* still owned */
	CHECK(frame_is_allocated(&fa, pa));
	CHECK_EQ(frame_refs_put(&r, pa), 0);
	CHECK_EQ(free_frames(), before);
	CHECK(!frame_is_allocated(&fa, pa));
	CHECK_EQ(frame_refs_count(&r, pa), 0);
}

static void test_invariants(void)
{
	uint64_t pa = frame_refs_alloc(&r);

	CHECK_PANICS(frame_refs_get(&r, pa + 64 * FRAME_SIZE * 1024 * 1024));
	CHECK_EQ(frame_refs_put(&r, pa), 0);
	CHECK_PANICS(frame_refs_put(&r, pa)); /* a double put */
	CHECK_PANICS(frame_refs_get(&r, pa)); /* a get of a freed frame */
	pa = frame_refs_alloc(&r);
	r.refs[pa / FRAME_SIZE - fa.base_pfn] = FRAME_REFS_MAX;
	CHECK_PANICS(frame_refs_get(&r, pa)); /* the count would wrap */
	r.refs[pa / FRAME_SIZE - fa.base_pfn] = 1;
	frame_refs_put(&r, pa);
}

/* Random owners of 200 frames, modelled beside: every count matches,
 * and every frame comes back at the end. */
static void test_random(void)
{
	enum { N = 200 };
	uint64_t pa[N], before = free_frames();
	unsigned model[N];

	for (int i = 0; i < N; i++) {
		pa[i] = frame_refs_alloc(&r);
		CHECK(pa[i] != MM_NO_PHYS);
		model[i] = 1;
	}
	for (int step = 0; step < 100000; step++) {
		int i = (int)test_rand_below(N);

		if (!model[i])
			continue;
		if (test_rand_below(2) && model[i] < 64) {
			frame_refs_get(&r, pa[i]);
			model[i]++;
		} else if (model[i] > 1) {
			CHECK_EQ(frame_refs_put(&r, pa[i]), --model[i]);
		}
		CHECK_EQ(frame_refs_count(&r, pa[i]), model[i]);
	}
	for (int i = 0; i < N; i++)
		while (model[i]--)
			frame_refs_put(&r, pa[i]);
	CHECK_EQ(free_frames(), before);
}

int main(void)
{
	uint16_t *refs;

	test_rng_seed();
	sim_init(&sim, RAM, 1 << 20);
	CHECK_EQ(frame_init(&fa, sim.map, sim.nmap, &sim.plat), 0);
	refs = calloc(fa.nframes, sizeof(*refs));
	frame_refs_init(&r, &fa, refs);
	test_basic();
	test_invariants();
	test_random();
	free(refs);
	sim_fini(&sim);
	return test_finish();
}
