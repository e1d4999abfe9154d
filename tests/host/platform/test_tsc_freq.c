/* SPDX-License-Identifier: MIT */
/* The TSC frequency policy (kernel/time/tsc_freq.c): every branch of
 * leaf 15H, the agreement window at its edges, 16H and no measurement. */
#include "test.h"
#include "time/tsc_freq.h"

/* A Skylake-like part: 24 MHz crystal, ratio 175/2 -> 2100 MHz. */
static struct tsc_cpuid complete(void)
{
	return (struct tsc_cpuid){.max_leaf = 0x16,
	                          .denom = 2,
	                          .numer = 175,
	                          .crystal_hz = 24000000,
	                          .base_mhz = 2100,
	                          .invariant = true};
}

static void test_cpuid_wins_when_it_agrees(void)
{
	struct tsc_cpuid id = complete();
	struct tsc_choice c;

	tsc_choose(&id, 2099800000ull, &c);
	CHECK_EQ(c.leaf15, TSC_15_COMPLETE);
	CHECK(c.from_cpuid);
	CHECK(c.compared);
	CHECK_EQ(c.hz, 2100000000ull);
	CHECK_EQ(c.cpuid_hz, 2100000000ull);
	CHECK_EQ(c.base_hz, 2100000000ull);
	CHECK_EQ(c.ppm, -95); /* -200 kHz of 2100 MHz, truncated */
	tsc_choose(&id, 2100300000ull, &c);
	CHECK(c.from_cpuid);
	CHECK_EQ(c.ppm, 142);
}

static void test_window_edges(void)
{
	struct tsc_cpuid id = complete();
	struct tsc_choice c;
	const uint64_t ref = 2100000000ull, step = ref / 1000000; /* 1 ppm */

	tsc_choose(&id, ref + TSC_AGREE_PPM * step, &c);
	CHECK_EQ(c.ppm, TSC_AGREE_PPM);
	CHECK(c.from_cpuid);
	tsc_choose(&id, ref - TSC_AGREE_PPM * step, &c);
	CHECK_EQ(c.ppm, -TSC_AGREE_PPM);
	CHECK(c.from_cpuid);
	tsc_choose(&id, ref + (TSC_AGREE_PPM + 1) * step, &c);
	CHECK(!c.from_cpuid);
	CHECK(c.compared);
	CHECK_EQ(c.hz, ref + (TSC_AGREE_PPM + 1) * step);
	tsc_choose(&id, ref - (TSC_AGREE_PPM + 1) * step, &c);
	CHECK(!c.from_cpuid);
	CHECK_EQ(c.ppm, -TSC_AGREE_PPM - 1);
}

static void test_measurement_wins_on_disagreement(void)
{
	struct tsc_cpuid id = complete();
	struct tsc_choice c;

	/* A 25 MHz crystal reported as 24 MHz would be 4 % off. */
	tsc_choose(&id, 2187500000ull, &c);
	CHECK(!c.from_cpuid);
	CHECK_EQ(c.hz, 2187500000ull);
	CHECK_EQ(c.cpuid_hz, 2100000000ull);
	CHECK_EQ(c.ppm, 41666);
}

static void test_incomplete_leaf(void)
{
	struct tsc_cpuid id = complete();
	struct tsc_choice c;

	id.crystal_hz = 0; /* SDM: crystal then model-specific */
	tsc_choose(&id, 2099000000ull, &c);
	CHECK_EQ(c.leaf15, TSC_15_NO_CRYSTAL);
	CHECK(!c.from_cpuid && !c.compared);
	CHECK_EQ(c.hz, 2099000000ull);
	CHECK_EQ(c.cpuid_hz, 0);
	CHECK_EQ(c.base_hz, 2100000000ull); /* 16H still reported */
	id = complete();
	id.numer = 0;
	tsc_choose(&id, 2099000000ull, &c);
	CHECK_EQ(c.leaf15, TSC_15_NO_RATIO);
	CHECK(!c.from_cpuid);
	id = complete();
	id.denom = 0;
	tsc_choose(&id, 2099000000ull, &c);
	CHECK_EQ(c.leaf15, TSC_15_ABSENT);
	id = complete();
	id.max_leaf = 0x14; /* leaves above the max are not to be trusted */
	tsc_choose(&id, 2099000000ull, &c);
	CHECK_EQ(c.leaf15, TSC_15_ABSENT);
	CHECK_EQ(c.base_hz, 0);
	CHECK_EQ(c.hz, 2099000000ull);
	id = complete();
	id.max_leaf = 0x15; /* 15H yes, 16H no */
	tsc_choose(&id, 2100000000ull, &c);
	CHECK(c.from_cpuid);
	CHECK_EQ(c.base_hz, 0);
	CHECK_EQ(c.ppm, 0);
}

static void test_bogus_and_unmeasured(void)
{
	struct tsc_cpuid id = complete();
	struct tsc_choice c;

	id.numer = 1;
	id.denom = 100; /* 240 kHz: not a TSC */
	tsc_choose(&id, 240000ull, &c);
	CHECK_EQ(c.leaf15, TSC_15_BOGUS);
	CHECK(!c.from_cpuid);
	id = complete();
	id.numer = 0xffffffffu;
	id.denom = 1; /* 10^17 Hz */
	tsc_choose(&id, 2100000000ull, &c);
	CHECK_EQ(c.leaf15, TSC_15_BOGUS);
	CHECK_EQ(c.hz, 2100000000ull);
	id = complete();
	tsc_choose(&id, 0, &c); /* no clock to measure with */
	CHECK(c.from_cpuid && !c.compared);
	CHECK_EQ(c.hz, 2100000000ull);
	id.crystal_hz = 0;
	tsc_choose(&id, 0, &c);
	CHECK_EQ(c.hz, 0); /* nothing known: the caller reports no clock */
}

static void test_names(void)
{
	for (int s = TSC_15_ABSENT; s <= TSC_15_COMPLETE; s++)
		CHECK(tsc_leaf15_name((enum tsc_leaf15)s)[0] != '?');
}

int main(void)
{
	test_cpuid_wins_when_it_agrees();
	test_window_edges();
	test_measurement_wins_on_disagreement();
	test_incomplete_leaf();
	test_bogus_and_unmeasured();
	test_names();
	return test_finish();
}
