/* SPDX-License-Identifier: MIT */
/* bitops.h against straightforward loop definitions over random values,
 * alignment overflow reporting, and KASSERT's panic. */
#include <libk/assert.h>
#include <libk/bitops.h>
#include "test.h"

static unsigned slow_ctz(uint64_t x)
{
	unsigned n = 0;

	while (n < 64 && !(x & (1ull << n)))
		n++;
	return n;
}

static unsigned slow_clz(uint64_t x)
{
	unsigned n = 0;

	while (n < 64 && !(x & (1ull << (63 - n))))
		n++;
	return n;
}

static unsigned slow_popcount(uint64_t x)
{
	unsigned n = 0;

	for (; x; x >>= 1)
		n += x & 1;
	return n;
}

static void test_bit_counts(void)
{
	CHECK_EQ(ctz64(0), 64);
	CHECK_EQ(clz64(0), 64);
	CHECK_EQ(ffs64(0), 0);
	CHECK_EQ(fls64(0), 0);
	CHECK_EQ(ffs64(1), 1);
	CHECK_EQ(fls64(UINT64_MAX), 64);
	for (int i = 0; i < 100000; i++) {
		uint64_t x = test_rand() >> test_rand_below(64);
		x <<= test_rand_below(64);
		CHECK_EQ(ctz64(x), slow_ctz(x));
		CHECK_EQ(clz64(x), slow_clz(x));
		CHECK_EQ(popcount64(x), slow_popcount(x));
		CHECK_EQ(ffs64(x), x ? slow_ctz(x) + 1 : 0);
		CHECK_EQ(is_pow2(x), slow_popcount(x) == 1);
	}
}

static void test_masks(void)
{
	CHECK(BIT(0) == 1);
	CHECK(BIT(63) == 0x8000000000000000ull);
	CHECK(GENMASK64(7, 4) == 0xf0);
	CHECK(GENMASK64(63, 0) == UINT64_MAX);
	CHECK(GENMASK64(0, 0) == 1);
	CHECK(GENMASK64(63, 63) == BIT(63));
	CHECK(FIELD_GET64(GENMASK64(15, 8), 0xabcd) == 0xab);
	CHECK(FIELD_PREP64(GENMASK64(15, 8), 0x1ff) == 0xff00);
	for (unsigned hi = 0; hi < 64; hi++) {
		for (unsigned lo = 0; lo <= hi; lo++) {
			uint64_t want = 0;
			for (unsigned b = lo; b <= hi; b++)
				want |= 1ull << b;
			CHECK(GENMASK64(hi, lo) == want);
		}
	}
}

static void test_align(void)
{
	uint64_t out = 7;

	CHECK(align_up(0, 4096) == 0);
	CHECK(align_up(1, 4096) == 4096);
	CHECK(align_up(4096, 4096) == 4096);
	CHECK(align_down(4097, 4096) == 4096);
	CHECK(is_aligned(8192, 4096));
	CHECK(!is_aligned(8193, 4096));
	CHECK(!align_up_overflow(4095, 4096, &out));
	CHECK(out == 4096);
	CHECK(!align_up_overflow(UINT64_MAX - 4095, 4096, &out));
	CHECK(out == UINT64_MAX - 4095);
	out = 7;
	CHECK(align_up_overflow(UINT64_MAX - 4094, 4096, &out));
	CHECK(align_up_overflow(UINT64_MAX, 2, &out));
	CHECK(align_up_overflow(5, 3, &out)); /* not a power of two */
	CHECK(align_up_overflow(5, 0, &out));
	CHECK(out == 7);
	for (int i = 0; i < 20000; i++) {
		uint64_t x = test_rand() >> 4, a = 1ull << test_rand_below(40);
		uint64_t up = align_up(x, a), down = align_down(x, a);
		CHECK(up >= x && up - x < a && up % a == 0);
		CHECK(down <= x && x - down < a && down % a == 0);
		CHECK(!align_up_overflow(x, a, &out) && out == up);
	}
}

struct outer {
	int a;
	long b;
	char c;
};

static int evaluations;

static int counted(int v)
{
	evaluations++;
	return v;
}

static void test_macros(void)
{
	int arr[7];
	struct outer o;

	CHECK_EQ(ARRAY_SIZE(arr), 7);
	CHECK(container_of(&o.c, struct outer, c) == &o);
	CHECK(container_of(&o.a, struct outer, a) == &o);
	CHECK_EQ(min(3, -4), -4);
	CHECK_EQ(max(3u, 9u), 9);
	CHECK_EQ(clamp(15, 0, 10), 10);
	CHECK_EQ(clamp(-5, 0, 10), 0);
	CHECK_EQ(clamp(5, 0, 10), 5);
	evaluations = 0;
	CHECK_EQ(max(counted(1), counted(2)), 2);
	CHECK_EQ(evaluations, 2); /* each argument once */
}

static void test_kassert(void)
{
	int x = 3;

	KASSERT(x == 3); /* must not panic */
	CHECK_PANICS(KASSERT(x == 4));
	CHECK(strstr(test_panic_msg, "x == 4") != NULL);
	CHECK(strstr(test_panic_msg, "test_bitops.c") != NULL);
	CHECK_PANICS(KASSERT_MSG(x < 0, "x=%d", x));
	CHECK(strstr(test_panic_msg, "x=3") != NULL);
	CHECK_PANICS(KASSERT_MSG(0, "plain"));
}

int main(void)
{
	test_rng_seed();
	test_bit_counts();
	test_masks();
	test_align();
	test_macros();
	test_kassert();
	return test_finish();
}
