/* SPDX-License-Identifier: MIT */
/*
 * Frame allocator workloads at 1 GiB and 64 GiB of simulated memory, for
 * tern's hierarchical bitmap and a linear-scan bitmap (first free bit from
 * frame 0, the textbook design):
 *   single  memory 90% used (random 10% free); alloc one frame + free it
 *   churn   same fill; alloc one frame, free a random held frame
 *   2M      half the 2 MiB chunks held; alloc a 2 MiB-aligned run of 512
 *           frames, free a random held run
 * Only the bitmaps are real memory: the frames themselves are never
 * touched, so the host needs no 64 GiB. The churn's driver (a random
 * index into the array of held frames, a load and a store there) would
 * miss the cache at 64 GiB (a 100 MiB array) whatever the allocator does:
 * it prefetches its slots ahead (run_churn), and the "driver" rows time
 * the loop with allocation and free doing nothing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mm/frame_alloc.h>
#include "bench.h"

#define RAM_BASE 0x100000ull

/* --- the linear-scan baseline --- */
struct linear {
	uint64_t *bm; /* 1 = free */
	uint64_t nwords;
};

static uint64_t lin_alloc(struct linear *l)
{
	for (uint64_t w = 0; w < l->nwords; w++)
		if (l->bm[w]) {
			uint64_t b = (uint64_t)__builtin_ctzll(l->bm[w]);

			l->bm[w] &= l->bm[w] - 1;
			return w * 64 + b;
		}
	return ~0ull;
}

static void lin_free(struct linear *l, uint64_t f)
{
	l->bm[f >> 6] |= 1ull << (f & 63);
}

/* The run at word w if all 8 words are free. */
static bool lin_alloc_2m_at(struct linear *l, uint64_t w)
{
	for (int j = 0; j < 8; j++)
		if (l->bm[w + j] != ~0ull)
			return false;
	memset(&l->bm[w], 0, 64);
	return true;
}

/* 512 frames, 512-aligned: 8 whole free words at a multiple of 8. */
static uint64_t lin_alloc_2m(struct linear *l)
{
	for (uint64_t w = 0; w + 8 <= l->nwords; w += 8)
		if (lin_alloc_2m_at(l, w))
			return w * 64;
	return ~0ull;
}

static void lin_free_2m(struct linear *l, uint64_t f)
{
	memset(&l->bm[f >> 6], 0xff, 64);
}

/* --- a uniform interface over both --- */
struct fops {
	const char *name;
	uint64_t (*alloc)(void *);
	void (*free)(void *, uint64_t);
	uint64_t (*alloc_2m)(void *);
	void (*free_2m)(void *, uint64_t);
};

static uint64_t t_alloc(void *a)
{
	uint64_t pa = frame_alloc(a);

	return pa == MM_NO_PHYS ? ~0ull : pa >> FRAME_SHIFT;
}

static void t_free(void *a, uint64_t f)
{
	frame_free(a, f << FRAME_SHIFT);
}

static uint64_t t_alloc_2m(void *a)
{
	uint64_t pa = frame_alloc_contig(a, 512, 512);

	return pa == MM_NO_PHYS ? ~0ull : pa >> FRAME_SHIFT;
}

static void t_free_2m(void *a, uint64_t f)
{
	frame_free_contig(a, f << FRAME_SHIFT, 512);
}

static uint64_t l_alloc(void *a)
{
	return lin_alloc(a);
}

static void l_free(void *a, uint64_t f)
{
	lin_free(a, f);
}

static uint64_t l_alloc_2m(void *a)
{
	return lin_alloc_2m(a);
}

static void l_free_2m(void *a, uint64_t f)
{
	lin_free_2m(a, f);
}

/* The driver alone: nothing allocated, nothing freed. */
static uint64_t n_alloc(void *a)
{
	(void)a;
	return 0;
}

static void n_free(void *a, uint64_t f)
{
	(void)a;
	(void)f;
}

static const struct fops null_ops = {"driver", n_alloc, n_free, NULL, NULL};
static const struct fops tern_ops = {"tern", t_alloc, t_free, t_alloc_2m,
                                     t_free_2m};
static const struct fops lin_ops = {"linear", l_alloc, l_free, l_alloc_2m,
                                    l_free_2m};

static uint64_t *held;
static uint64_t nheld;

/* Take everything from the baseline at once (its allocation from frame 0
 * would make filling quadratic). */
static void lin_take_all(struct linear *l, bool runs)
{
	for (uint64_t w = 0; w < l->nwords; w++) {
		if (runs && w % 8 == 0 && w + 8 <= l->nwords &&
		    lin_alloc_2m_at(l, w))
			held[nheld++] = w * 64;
		for (uint64_t m = runs ? 0 : l->bm[w]; m; m &= m - 1)
			held[nheld++] = w * 64 + (uint64_t)__builtin_ctzll(m);
		if (!runs)
			l->bm[w] = 0;
	}
}

/* Take every frame, then give back a random tenth (or, for runs, half). */
static void fill(const struct fops *o, void *a, bool runs)
{
	uint64_t f;

	nheld = 0;
	if (o->alloc == l_alloc)
		lin_take_all(a, runs);
	while (o->alloc != l_alloc &&
	       (f = runs ? o->alloc_2m(a) : o->alloc(a)) != ~0ull)
		held[nheld++] = f;
	for (uint64_t i = 0; i < nheld; i++) {
		uint64_t j = i + bench_rand() % (nheld - i), t = held[i];

		held[i] = held[j];
		held[j] = t;
	}
	uint64_t give = runs ? nheld / 2 : nheld / 10;

	for (uint64_t i = 0; i < give; i++)
		(runs ? o->free_2m : o->free)(a, held[--nheld]);
}

static void drain(const struct fops *o, void *a, bool runs)
{
	while (nheld)
		(runs ? o->free_2m : o->free)(a, held[--nheld]);
}

static double run_single(const struct fops *o, void *a, long n)
{
	uint64_t t0 = bench_now();

	for (long i = 0; i < n; i++)
		o->free(a, o->alloc(a));
	return (double)(bench_now() - t0) / n;
}

/* Which held frame iteration i frees is drawn CHURN_AHEAD iterations
 * early and its slot prefetched, so the loop's own random access to the
 * held array (a cache and TLB miss at 64 GiB) overlaps with the work
 * instead of serialising behind the allocator's, and the rows measure the
 * allocators. */
#define CHURN_AHEAD 16
static double run_churn(const struct fops *o, void *a, long n, bool runs)
{
	uint64_t ks[CHURN_AHEAD];

	for (int j = 0; j < CHURN_AHEAD; j++) {
		ks[j] = bench_rand() % nheld;
		__builtin_prefetch(&held[ks[j]], 1);
	}
	uint64_t t0 = bench_now();

	for (long i = 0; i < n; i++) {
		uint64_t *slot = &ks[i % CHURN_AHEAD], k = *slot, f = held[k];

		*slot = bench_rand() % nheld;
		__builtin_prefetch(&held[*slot], 1);
		held[k] = runs ? o->alloc_2m(a) : o->alloc(a);
		(runs ? o->free_2m : o->free)(a, f);
	}
	return (double)(bench_now() - t0) / n;
}

static void measure(const struct fops *o, void *a, const char *size)
{
	char g[48];

	fill(o, a, false);
	snprintf(g, sizeof(g), "frame-single/%s", size);
	bench_row(g, o->name,
	          run_single(o, a, o == &lin_ops ? 20000 : 2000000));
	snprintf(g, sizeof(g), "frame-churn/%s", size);
	bench_row(g, o->name,
	          run_churn(o, a, o == &lin_ops ? 20000 : 2000000, false));
	drain(o, a, false);
	fill(o, a, true);
	snprintf(g, sizeof(g), "frame-2M/%s", size);
	bench_row(g, o->name, run_churn(o, a, 20000, true));
	drain(o, a, true);
}

/* The churn loop over as many held frames as measure() had (their values
 * do not matter: the null operations ignore them). */
static void driver(const char *size, uint64_t nframes)
{
	char g[48];

	nheld = nframes * 9 / 10;
	snprintf(g, sizeof(g), "frame-churn/%s", size);
	bench_row(g, null_ops.name, run_churn(&null_ops, NULL, 2000000, false));
	nheld = 0;
}

static void bench_size(uint64_t bytes, const char *label)
{
	struct tern_mem_range map = {RAM_BASE, bytes, TERN_MEM_USABLE, 0};
	uint64_t nframes = (RAM_BASE + bytes) / FRAME_SIZE;
	uint64_t meta = 3 * (nframes / 8) + (1 << 20);
	uint8_t *buf = aligned_alloc(4096, meta);
	struct mm_platform plat = {.direct_map_offset =
	                               (uintptr_t)buf - RAM_BASE};
	static struct frame_alloc fa;
	struct linear lin = {calloc((nframes + 63) / 64, 8),
	                     (nframes + 63) / 64};

	held = malloc(nframes * sizeof(uint64_t));
	if (!buf || !lin.bm || !held || frame_init(&fa, &map, 1, &plat)) {
		fprintf(stderr, "bench: frame setup failed\n");
		exit(1);
	}
	/* the baseline manages exactly the frames tern does */
	for (uint64_t f = 0; f < nframes; f++)
		if (f >= (RAM_BASE >> FRAME_SHIFT) + fa.meta_frames)
			lin_free(&lin, f);
	measure(&tern_ops, &fa, label);
	measure(&lin_ops, &lin, label);
	driver(label, nframes);
	free(held);
	free(lin.bm);
	free(buf);
}

void bench_frames(void)
{
	bench_size(1ull << 30, "1G");
	bench_size(64ull << 30, "64G");
}
