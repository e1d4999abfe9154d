/* SPDX-License-Identifier: MIT */
/* Many short transfers over randomly configured simulated links
 * (tcplink.h): rate, delay, loss, duplication, reordering, buffer sizes
 * (also below one segment), Nagle, and options stripped, each drawn from
 * test.h's seeded PRNG (TEST_SEED repeats a run). Every transfer must be
 * byte-exact and finish. */
#include "../../test.h"
#include "tcplink.h"

#define RUNS 400

/* Roughly log-uniform in [lo, hi] (lo > 0): a uniform power of two,
 * then uniform within it. */
static uint64_t log_uniform(uint64_t lo, uint64_t hi)
{
	unsigned a = 63 - (unsigned)__builtin_clzll(lo);
	unsigned b = 63 - (unsigned)__builtin_clzll(hi);
	unsigned e = a + (unsigned)test_rand_below(b - a + 1);
	uint64_t v = (1ull << e) + test_rand_below(1ull << e);
	return v < lo ? lo : v > hi ? hi : v;
}

int main(void)
{
	test_rng_seed();
	for (int i = 0; i < RUNS; i++) {
		struct tl_cfg c = {
		    .seed = test_rand(),
		    .loss_ppm = (uint32_t)test_rand_below(4) *
		                (uint32_t)test_rand_below(100000),
		    .dup_ppm = (uint32_t)test_rand_below(2) *
		               (uint32_t)test_rand_below(100000),
		    .reorder_ppm = (uint32_t)test_rand_below(2) *
		                   (uint32_t)test_rand_below(200000),
		    .delay_us = (uint32_t)log_uniform(100, 100000),
		    .rate_bps = log_uniform(1000000, 10000000000ull),
		    .bufcap = (uint32_t)log_uniform(256, 1 << 20),
		    .strip_ws = test_rand_below(4) == 0,
		    .strip_ts = test_rand_below(4) == 0,
		    .nodelay = test_rand_below(2),
		};
		uint64_t bytes = log_uniform(1, 1024 * 1024);
		struct tl_result r;
		/* far beyond any of them: a stall, not slowness, trips it */
		tl_check("random", &c, bytes, 100000000, &r);
	}
	return test_finish();
}
