/* SPDX-License-Identifier: MIT */
/* Block allocator on its own: geometry and alignment of every class,
 * reserves, bounded free lists, statistics and the hardening checks. */
#include <stdlib.h>
#include <mm/block_alloc.h>
#include "test.h"

#define POOL_SLABS 64

/* A slab source over a fixed pool, counting what is outstanding. */
static uint8_t *pool;
static uint8_t used[POOL_SLABS];
static unsigned gets, outstanding;

static void *pool_get(void *ctx)
{
	for (unsigned i = 0; i < POOL_SLABS; i++)
		if (!used[i]) {
			used[i] = 1;
			gets++;
			outstanding++;
			return pool + (size_t)i * BLOCK_SLAB_SIZE;
		}
	return NULL;
}

static void pool_put(void *ctx, void *slab)
{
	size_t i = ((uint8_t *)slab - pool) / BLOCK_SLAB_SIZE;

	CHECK(i < POOL_SLABS && used[i]);
	used[i] = 0;
	outstanding--;
}

static const struct slab_source src = {NULL, pool_get, pool_put};
static struct block_alloc ba;

static void fresh(const struct block_config *cfg)
{
	memset(used, 0, sizeof(used));
	gets = outstanding = 0;
	/* stale headers: new key; no platform: one CPU, no lock */
	block_init(&ba, &src, test_rand(), cfg, NULL);
}

static void classes_and_alignment(void)
{
	for (unsigned c = 0; c < BLOCK_NCLASSES; c++) {
		struct block_stats s;
		void *p = block_alloc(&ba, c), *q = block_alloc(&ba, c);

		block_stats(&ba, c, &s);
		CHECK(p && q);
		CHECK_EQ((uintptr_t)p % s.align, 0);
		CHECK(s.align >= 8 && s.size % s.align == 0);
		CHECK((uint8_t *)q - (uint8_t *)p == (long)s.size ||
		      (uint8_t *)p - (uint8_t *)q == (long)s.size);
		CHECK_EQ(block_usable_size(&ba, p), s.size);
		block_free(&ba, p);
		block_free(&ba, q);
	}
	for (size_t align = 8; align <= 4096; align *= 2)
		for (size_t size = 0; size <= 4096; size += 1 + size / 3) {
			int c = block_class_for(&ba, size, align);

			if (align > 4096) {
				CHECK_EQ(c, -1);
				continue;
			}
			CHECK(c >= 0);
			void *p = block_alloc(&ba, (unsigned)c);

			CHECK_EQ((uintptr_t)p % align, 0);
			CHECK(block_usable_size(&ba, p) >= size);
			block_free(&ba, p);
		}
	CHECK_EQ(block_class_for(&ba, 4097, 8), -1);
	CHECK_EQ(block_class_for(&ba, 8, 8192), -1);
}

/* Reserve: no slab is fetched while the reserve lasts. Bound: after a
 * burst, slabs above the bound go back. */
static void reserve_and_bound(void)
{
	struct block_config cfg;
	struct block_stats s;
	static void *p[20000];
	unsigned c = 3; /* 32 bytes */

	block_default_config(&cfg);
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++)
		cfg.reserve[i] = 0, cfg.bound[i] = 0;
	block_stats(&ba, c, &s);
	cfg.reserve[c] = 2 * s.per_slab;
	cfg.bound[c] = 3 * s.per_slab;
	fresh(&cfg);
	CHECK_EQ(gets, 2);
	for (unsigned i = 0; i < 2 * s.per_slab; i++)
		p[i] = block_alloc(&ba, c);
	CHECK_EQ(gets, 2);
	unsigned n = 2 * s.per_slab;

	for (; n < 8 * s.per_slab; n++)
		p[n] = block_alloc(&ba, c);
	CHECK_EQ(gets, 8);
	for (unsigned i = 0; i < n; i++)
		block_free(&ba, p[i]);
	block_stats(&ba, c, &s);
	CHECK_EQ(s.live, 0);
	CHECK_EQ(s.allocs, n);
	CHECK_EQ(s.frees, n);
	/* out of slabs at most: n plus what one refill cached ahead */
	CHECK(s.high_water >= n && s.high_water < n + BLOCK_MAG_MOVE);
	/* the slabs' free blocks are bounded; the caches hold the rest */
	CHECK(s.free_blocks <=
	      cfg.bound[c] + s.per_slab + BLOCK_MAG_CAP + BLOCK_DEPOT_CAP);
	CHECK(ba.cpu[0].depot[c].n <= BLOCK_DEPOT_CAP);
	CHECK(ba.cpu[0].mag[c].n <= BLOCK_MAG_CAP);
	CHECK(s.free_blocks >= cfg.reserve[c]);
	CHECK_EQ(s.pages, s.slabs * (BLOCK_SLAB_SIZE / 4096));
	CHECK_EQ(outstanding, s.slabs);
	block_trim(&ba);
	block_stats(&ba, c, &s);
	CHECK_EQ(s.slabs, 2);
	CHECK_EQ(outstanding, 2);
}

static void exhaustion(void)
{
	struct block_config cfg = {0};
	unsigned c = BLOCK_NCLASSES - 1, n = 0;

	fresh(&cfg);
	while (block_alloc(&ba, c))
		n++;
	struct block_stats s;

	block_stats(&ba, c, &s);
	CHECK_EQ(n, POOL_SLABS * s.per_slab);
	CHECK(block_alloc(&ba, 0) == NULL);
}

/* A fresh allocator with two 4-byte blocks p, q freed and drained back
 * into their slab: q heads its free list, p is next. */
static void two_free_in_slab(uint8_t **p, uint8_t **q)
{
	fresh(NULL);
	*p = block_alloc(&ba, 4);
	*q = block_alloc(&ba, 4);
	block_free(&ba, *p);
	block_free(&ba, *q);
	block_drain(&ba);
}
static void hardening(void)
{
	uint8_t *p, *q;

	fresh(NULL);
	p = block_alloc(&ba, 4);
	q = block_alloc(&ba, 4);
	block_free(&ba, p);
	CHECK_PANICS(block_free(&ba, p));
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	CHECK_PANICS(block_free(&ba, q + 8));
	CHECK(strstr(test_panic_msg, "invalid free") != NULL);
	CHECK_PANICS(block_free(&ba, pool + BLOCK_SLAB_SIZE * 60 + 64));
	CHECK(strstr(test_panic_msg, "no slab header") != NULL);
	/* a never-handed-out block of a live slab */
	CHECK_PANICS(block_free(&ba, q + 48 * 10));
	CHECK(strstr(test_panic_msg, "invalid free") != NULL);

	/* overwrite the tag of a cached block: its allocation panics */
	block_free(&ba, q);
	*(uint64_t *)q = (uintptr_t)p; /* a plausible pointer */
	CHECK_PANICS(block_alloc(&ba, 4));
	CHECK(strstr(test_panic_msg, "modified after free") != NULL);

	/* overwrite the obfuscated next pointer of a block back in its slab
	 * (the drain gives q back last: it heads its slab's free list) */
	two_free_in_slab(&p, &q);
	CHECK_PANICS(block_free(&ba, q)); /* double free, block in its slab */
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	*(uint64_t *)q = (uintptr_t)p;     /* a plausible, unencoded pointer */
	CHECK_PANICS(block_alloc(&ba, 4)); /* the refill pops q, then p */
	CHECK(strstr(test_panic_msg, "corrupt free-list pointer") != NULL);
	/* a correctly keyed mark whose offset is a free block's plus 2^32:
	 * its low 32 bits pass every in-slab check, so the pop itself must
	 * refuse an offset beyond the slab */
	two_free_in_slab(&p, &q);
	*(uint64_t *)q =
	    ba.tag_key ^ (uintptr_t)q ^
	    ((1ull << 32) + ((uintptr_t)p & (BLOCK_SLAB_SIZE - 1)));
	CHECK_PANICS(block_alloc(&ba, 4));
	CHECK(strstr(test_panic_msg, "corrupt free-list pointer") != NULL);

	/* use after free: a write into a freed block is caught (debug) */
	fresh(NULL);
	p = block_alloc(&ba, 5);
	block_free(&ba, p);
	p[20] = 1;
	CHECK_PANICS(block_alloc(&ba, 5));
	CHECK(strstr(test_panic_msg, "use after free") != NULL);
	/* the pointer is stored XORed: it is not the plain next pointer */
	fresh(NULL);
	p = block_alloc(&ba, 6);
	q = block_alloc(&ba, 6);
	block_free(&ba, p);
	block_free(&ba, q);
	block_drain(&ba);
	CHECK(*(uint64_t *)q != (uintptr_t)p);
	CHECK(*(uint64_t *)q != 0);
}

/* A free anywhere inside a block but at its start, or in the slab header
 * before the first block, panics in every class (block_index's one-multiply
 * boundary check: its remainder test is exact only for the classes'
 * sizes and offsets, so try each class at many offsets). */
static void block_boundaries(void)
{
	fresh(NULL);
	for (unsigned c = 0; c < BLOCK_NCLASSES; c++) {
		uint32_t size = ba.cls[c].size,
		         step = size > 64 ? size / 64 : 1;
		uint8_t *p = block_alloc(&ba, c), *q = block_alloc(&ba, c);
		uint8_t *slab = (uint8_t *)((uintptr_t)p & ~(uintptr_t)0xffff);

		CHECK(p && q);
		for (uint32_t off = 1; off < size; off += step) {
			CHECK_PANICS(block_free(&ba, q + off));
			CHECK(strstr(test_panic_msg, "invalid free") != NULL);
		}
		CHECK_PANICS(block_free(&ba, q + size - 1));
		CHECK_PANICS(block_free(&ba, slab + ba.cls[c].first_off - 8));
		CHECK(strstr(test_panic_msg, "invalid free") != NULL);
		block_free(&ba, q);
		block_free(&ba, p);
	}
}

int main(void)
{
	test_rng_seed();
	pool = aligned_alloc(BLOCK_SLAB_SIZE, POOL_SLABS * BLOCK_SLAB_SIZE);
	fresh(NULL);
	classes_and_alignment();
	reserve_and_bound();
	exhaustion();
	hardening();
	block_boundaries();
	free(pool);
	return test_finish();
}
