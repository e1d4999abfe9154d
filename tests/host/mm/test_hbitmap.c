/* SPDX-License-Identifier: MIT */
/* hbitmap: find_next against a naive scan, across level boundaries. */
#include <stdlib.h>
#include <mm/hbitmap.h>
#include "test.h"

static uint64_t naive_next(const uint8_t *ref, uint64_t n, uint64_t from)
{
	for (uint64_t i = from; i < n; i++)
		if (ref[i])
			return i;
	return HB_NONE;
}

static void check_size(uint64_t n, unsigned rounds)
{
	uint64_t *st = calloc(hb_storage_words(n), 8);
	uint8_t *ref = calloc(n, 1);
	struct hbitmap h;

	hb_init(&h, st, n);
	CHECK_EQ(hb_find_next(&h, 0), HB_NONE);
	for (unsigned r = 0; r < rounds; r++) {
		uint64_t i = test_rand_below(n);

		if (ref[i]) {
			ref[i] = 0;
			h.lv[0][i >> 6] &= ~(1ull << (i & 63));
			if (!h.lv[0][i >> 6])
				hb_clear_at(&h, 1, i >> 6);
		} else {
			ref[i] = 1;
			hb_set_at(&h, 0, i);
		}
		uint64_t from = test_rand_below(n + 2);

		CHECK_EQ(hb_find_next(&h, from),
		         from >= n ? HB_NONE : naive_next(ref, n, from));
	}
	/* rebuild from level 0 must give the same answers */
	hb_rebuild(&h);
	for (uint64_t from = 0; from < n; from += 1 + n / 97)
		CHECK_EQ(hb_find_next(&h, from), naive_next(ref, n, from));
	free(st);
	free(ref);
}

int main(void)
{
	static const uint64_t sizes[] = {1,    63,   64,     65,    4095,
	                                 4096, 4097, 262145, 300000};

	test_rng_seed();
	CHECK_EQ(hb_storage_words(64), 1);
	CHECK_EQ(hb_storage_words(65), 3);
	CHECK_EQ(hb_storage_words(4096 * 64), 4096 + 64 + 1);
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		check_size(sizes[i], sizes[i] > 100000 ? 3000 : 20000);
	return test_finish();
}
