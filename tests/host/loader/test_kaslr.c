/* SPDX-License-Identifier: MIT */
/* Placement arithmetic and draws: slots and centibits against direct
 * computation, every draw inside its window and aligned, draws roughly
 * uniform, rejection sampling in range, labels giving independent keys,
 * physical slots counted and enumerated over a crafted EFI map. */
#include <math.h>
#include "kaslr.h"
#include "test.h"
#include <tern/layout.h>

static const uint8_t key[32] = {7};

static void test_centibits(void)
{
	CHECK_EQ(kaslr_centibits(0), 0);
	CHECK_EQ(kaslr_centibits(1), 0);
	CHECK_EQ(kaslr_centibits(2), 100);
	CHECK_EQ(kaslr_centibits(3), 158); /* 1.58496 */
	CHECK_EQ(kaslr_centibits(1ull << 32), 3200);
	CHECK_EQ(kaslr_centibits((1ull << 32) - 1), 3199);
	CHECK_EQ(kaslr_centibits((1ull << 22) + 1), 2200);
	CHECK_EQ(kaslr_centibits(52823), 1568);
	CHECK_EQ(kaslr_centibits(UINT64_MAX), 6399);
	test_rng_seed();
	for (int i = 0; i < 20000; i++) {
		uint64_t n = (test_rand() >> (test_rand() % 63)) | 2;
		double want = floor(100 * log2((double)n));

		CHECK(fabs((double)kaslr_centibits(n) - want) <= 1);
	}
}

static void test_slots_and_place(void)
{
	struct kaslr_rng r;
	struct tern_placement p;
	uint64_t base;

	CHECK_EQ(kaslr_slots(1ull << 44, 1ull << 43, 1ull << 21),
	         (1ull << 22) + 1);
	CHECK_EQ(kaslr_slots(100, 101, 1), 0);
	CHECK_EQ(kaslr_slots(100, 0, 1), 0);
	CHECK_EQ(kaslr_slots(4096, 4096, 4096), 1);
	kaslr_rng_init(&r, key);
	for (int i = 0; i < 5000; i++) {
		CHECK(kaslr_place(&r, TERN_KERNEL_WIN_START,
		                  TERN_KERNEL_WIN_SIZE, 0x8f000, 4096, 0, &base,
		                  &p));
		CHECK(base >= TERN_KERNEL_WIN_START && base % 4096 == 0);
		CHECK(base - TERN_KERNEL_WIN_START + 0x8f000 <=
		      TERN_KERNEL_WIN_SIZE);
		CHECK_EQ(p.slots, (TERN_KERNEL_WIN_SIZE - 0x8f000) / 4096 + 1);
		CHECK_EQ(p.granule_shift, 12);
	}
	CHECK(kaslr_place(NULL, TERN_KERNEL_WIN_START, TERN_KERNEL_WIN_SIZE,
	                  0x8f000, 4096, TERN_KERNEL_LINK_BASE, &base, &p));
	CHECK_EQ(base, TERN_KERNEL_LINK_BASE);
	CHECK_EQ(p.slots, 1);
	CHECK_EQ(p.centibits, 0);
	CHECK(!kaslr_place(&r, 0x1000, 0x1000, 0x2000, 4096, 0, &base, &p));
	CHECK(!kaslr_place(&r, 0x1800, 0x10000, 0x2000, 4096, 0, &base, &p));
}

/* 10 buckets, 100000 draws: each within 5% of the mean; the range is
 * never left for awkward n. */
static void test_uniform(void)
{
	static const uint64_t ns[] = {3, 10, 1000003, (1ull << 63) + 1, 65536};
	unsigned count[10] = {0};
	struct kaslr_rng r;

	kaslr_rng_init(&r, key);
	for (int i = 0; i < 100000; i++)
		count[kaslr_rng_below(&r, 10)]++;
	for (int i = 0; i < 10; i++)
		CHECK(count[i] > 9500 && count[i] < 10500);
	for (size_t j = 0; j < sizeof(ns) / sizeof(ns[0]); j++)
		for (int i = 0; i < 2000; i++)
			CHECK(kaslr_rng_below(&r, ns[j]) < ns[j]);
	kaslr_rng_wipe(&r);
	CHECK_EQ(r.key[0], 0);
}

static void test_derive(void)
{
	uint8_t a[32], b[32], c[32];
	struct kaslr_rng r1, r2;

	kaslr_derive(key, "tern kernel seed", a);
	kaslr_derive(key, "tern kaslr", b);
	kaslr_derive(key, "tern kaslr", c);
	CHECK(memcmp(a, b, 32) != 0);
	CHECK(!memcmp(b, c, 32));
	CHECK(memcmp(a, key, 32) != 0);
	kaslr_rng_init(&r1, a);
	kaslr_rng_init(&r2, b);
	CHECK(kaslr_rng_u64(&r1) != kaslr_rng_u64(&r2));
}

/* A map: conventional [0x0, 0xa0000), [0x100000, 0x800000), BS data
 * [0x800000, 0x900000), conventional [0x900000, 0x902000). */
static void test_phys(void)
{
	struct {
		uint32_t type, pad;
		uint64_t phys, virt, pages, attr, extra;
	} d[4] = {
	    {EFI_CONVENTIONAL, 0, 0x0, 0, 0xa0, 0, 0},
	    {EFI_CONVENTIONAL, 0, 0x100000, 0, 0x700, 0, 0},
	    {EFI_BS_DATA, 0, 0x800000, 0, 0x100, 0, 0},
	    {EFI_CONVENTIONAL, 0, 0x900000, 0, 2, 0, 0},
	};
	struct efi_map m = {d, sizeof(d), sizeof(d[0])};
	uint64_t n, base, size = 0x10000;

	/* first: below min; second: (0x700000 - 0x10000) / 4K + 1; the
	 * last is too small */
	n = kaslr_phys_slots(&m, size, 1ull << 20);
	CHECK_EQ(n, (0x700000 - size) / 4096 + 1);
	CHECK(kaslr_phys_nth(&m, size, 1ull << 20, 0, &base));
	CHECK_EQ(base, 0x100000);
	CHECK(kaslr_phys_nth(&m, size, 1ull << 20, n - 1, &base));
	CHECK_EQ(base + size, 0x800000);
	CHECK(!kaslr_phys_nth(&m, size, 1ull << 20, n, &base));
	/* min inside a descriptor; small images fit the last one too */
	CHECK_EQ(kaslr_phys_slots(&m, 0x2000, 0x90000), 15 + 0x6ff + 1);
	CHECK_EQ(kaslr_phys_slots(&m, 0x1000000, 0), 0);
}

int main(void)
{
	test_centibits();
	test_slots_and_place();
	test_uniform();
	test_derive();
	test_phys();
	return test_finish();
}
