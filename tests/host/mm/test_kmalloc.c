/* SPDX-License-Identifier: MIT */
/* kmalloc family edge cases: zero and maximum sizes, overflow, realloc
 * across the block/page boundary, alignment limits, bad frees, stats. */
#include <stdlib.h>
#include <mm/histogram.h>
#include <mm/kmalloc.h>
#include "sim.h"
#include "test.h"

static struct sim sim;
static char dump[16384];
static size_t dump_len;

static void sink(void *ctx, const char *s, size_t n)
{
	if (dump_len + n < sizeof(dump)) {
		memcpy(dump + dump_len, s, n);
		dump_len += n;
	}
}

static void sizes(void)
{
	void *z = kmalloc(0);

	CHECK(z != NULL);
	kfree(z);
	kfree(NULL);
	CHECK(kmalloc(SIZE_MAX) == NULL);
	CHECK(kmalloc(sim.va_size) == NULL);
	CHECK(kcalloc(SIZE_MAX / 2, 3) == NULL);
	CHECK(kmalloc_aligned(64, 8192) == NULL);
	CHECK(kmalloc_aligned(64, 48) == NULL);
	for (size_t a = 8; a <= 4096; a *= 2) {
		void *p = kmalloc_aligned(a + 1, a);

		CHECK(p && (uintptr_t)p % a == 0);
		kfree_aligned(p);
	}
	uint8_t *c = kcalloc(100, 40);

	for (int i = 0; i < 4000; i++)
		CHECK_EQ(c[i], 0);
	kfree(c);
}

static void realloc_moves(void)
{
	uint8_t *p = krealloc(NULL, 10);

	for (int i = 0; i < 10; i++)
		p[i] = (uint8_t)i;
	p = krealloc(p, 3000);
	CHECK(ksize(p) >= 3000);
	p = krealloc(p, 100000); /* into the page path */
	CHECK(page_alloc_owns(&mm_heap.pa, p));
	for (int i = 0; i < 10; i++)
		CHECK_EQ(p[i], i);
	p[99999] = 7;
	p = krealloc(p, 50000); /* shrinks in place */
	CHECK(page_alloc_owns(&mm_heap.pa, p));
	p = krealloc(p, 16); /* back to a block */
	CHECK(!page_alloc_owns(&mm_heap.pa, p));
	CHECK_EQ(p[9], 9);
	CHECK(krealloc(p, 0) == NULL);
}

static void bad_frees(void)
{
	uint8_t *p = kmalloc(64);

	CHECK_PANICS(kfree(p + 1));
	CHECK_PANICS(kfree(p + 32));
	kfree(p);
	CHECK_PANICS(kfree(p));
	CHECK(strstr(test_panic_msg, "double free") != NULL);
	p = kmalloc(20000);
	CHECK_PANICS(kfree(p + 4096));
	kfree(p);
}

/* A live block whose first word happens to read as a free-list mark
 * (user data equal to the keyed tag XOR a small offset) is freed like
 * any other: kfree's fast check sends it to the out-of-line verify,
 * whose bitmap says it is live. A first word equal to the tag itself
 * (cached-block mark 0) is taken for a double free. */
static void free_of_block_that_looks_free(void)
{
	uint64_t *p = kmalloc(48), *q;

	*p = mm_heap.ba.tag_key ^ (uintptr_t)p ^ 0x40;
	kfree(p);
	q = kmalloc(48); /* the same CPU's magazine gives it back */
	CHECK(q == p);
	CHECK_EQ(*q, 0);
	*q = mm_heap.ba.tag_key ^ (uintptr_t)q;
	CHECK_PANICS(kfree(q));
	CHECK(strstr(test_panic_msg, "double free") != NULL);
}

static void stats_and_histogram(void)
{
	mm_histogram_reset();
	kfree(kmalloc(24));
	kfree(kmalloc(24));
	kfree(kmalloc(5000));
	kfree(kmalloc(2000));
	kfree(kmalloc(1025));
	CHECK_EQ(mm_histogram_count(mm_histogram_bin(2000)), 1);
	CHECK_EQ(mm_histogram_count(mm_histogram_bin(1025)), 1);
	CHECK_EQ(mm_histogram_bin(1024), 128);
	CHECK_EQ(mm_histogram_bin(1025), 129);
	CHECK_EQ(mm_histogram_bin(4096), 152);
	CHECK_EQ(mm_histogram_bin(4097), 153);
	for (size_t s = 1; s <= 70000; s++) {
		unsigned b = mm_histogram_bin(s);

		if (s > mm_histogram_bin_max(b) ||
		    (b && s <= mm_histogram_bin_max(b - 1)))
			CHECK(!"histogram bin bounds");
	}
	CHECK_EQ(mm_histogram_count(mm_histogram_bin(24)), 2);
	CHECK_EQ(mm_histogram_count(mm_histogram_bin(5000)), 1);
	for (size_t s = 1; s < 1000000; s += 1 + s / 5) {
		unsigned b = mm_histogram_bin(s);

		CHECK(s <= mm_histogram_bin_max(b));
		CHECK(b == 0 || s > mm_histogram_bin_max(b - 1));
	}
	kmalloc_stats_dump(sink, NULL);
	dump[dump_len] = 0;
	CHECK(strstr(dump, "class") != NULL);
	CHECK(strstr(dump, "<=       24: 2") != NULL);
	CHECK(strstr(dump, "pages: allocs") != NULL);
}

/* A freed 64 KiB range stays mapped in the page cache: its frames are
 * counted as cached until the caches are drained. */
static void frames_cached(void)
{
	uint64_t before, used;
	void *p;

	mm_drain_caches();
	CHECK_EQ(kmalloc_frames_cached(), 0);
	before = frame_counts(mm_heap.fa).used;
	p = kmalloc(64 * 1024);
	CHECK(p != NULL);
	CHECK_EQ(kmalloc_frames_cached(), 0);
	kfree(p);
	used = frame_counts(mm_heap.fa).used;
	CHECK_EQ(kmalloc_frames_cached(), 16);
	CHECK(used >= before + 16);
	mm_drain_caches();
	CHECK_EQ(kmalloc_frames_cached(), 0);
	CHECK(frame_counts(mm_heap.fa).used <= used - 16);
}

int main(void)
{
	struct frame_alloc fa;

	test_rng_seed();
	sim_init(&sim, 32ull << 20, 64ull << 20);
	CHECK_EQ(sim_heap_init(&sim, &fa), 0);
	sizes();
	realloc_moves();
	bad_frees();
	free_of_block_that_looks_free();
	stats_and_histogram();
	frames_cached();
	sim_fini(&sim);
	return test_finish();
}
