/* SPDX-License-Identifier: MIT */
/* The LAPIC mode plan (kernel/irq/apic_mode.c): every starting state of
 * IA32_APIC_BASE against CPUID and nox2apic, checking that each planned
 * MSR write is a legal transition (SDM Vol. 3A 11.12.5) and that the
 * base address and the BSP bit survive. */
#include "irq/apic_mode.h"
#include "test.h"

#define BASE 0xfee00000ull
#define BSP  (1ull << 8)
#define EN   APIC_BASE_EN
#define EXTD APIC_BASE_EXTD

/* The SDM's state diagram as a predicate. */
static bool legal(enum apic_mode from, enum apic_mode to)
{
	switch (from) {
	case APIC_MODE_DISABLED:
		return to == APIC_MODE_XAPIC;
	case APIC_MODE_XAPIC:
		return to == APIC_MODE_X2APIC || to == APIC_MODE_DISABLED;
	case APIC_MODE_X2APIC:
		return to == APIC_MODE_DISABLED;
	case APIC_MODE_INVALID:
		return to == APIC_MODE_DISABLED;
	}
	return false;
}

/* Plan, then walk the writes: each legal, other bits untouched, ending in
 * p->to. Returns the plan. */
static struct apic_plan plan(uint64_t msr, bool cpu, bool want, uint32_t id)
{
	struct apic_plan p;
	enum apic_mode m = apic_mode_of(msr);

	apic_mode_plan(msr, cpu, want, id, &p);
	CHECK_EQ(p.from, m);
	CHECK(p.nwrites <= 3);
	for (unsigned i = 0; i < p.nwrites; i++) {
		enum apic_mode next = apic_mode_of(p.write[i]);

		if (!legal(m, next))
			test_fail(__FILE__, __LINE__, "illegal %s -> %s",
			          apic_mode_name(m), apic_mode_name(next));
		CHECK_EQ(p.write[i] & ~(EN | EXTD), msr & ~(EN | EXTD));
		m = next;
	}
	CHECK_EQ(m, p.to);
	CHECK(p.why && p.why[0]);
	return p;
}

static void test_from_xapic(void)
{
	struct apic_plan p = plan(BASE | BSP | EN, true, true, 0);

	CHECK_EQ(p.to, APIC_MODE_X2APIC);
	CHECK_EQ(p.nwrites, 1);
	CHECK_EQ(p.write[0], BASE | BSP | EN | EXTD);
	p = plan(BASE | BSP | EN, true, false, 0); /* nox2apic */
	CHECK_EQ(p.to, APIC_MODE_XAPIC);
	CHECK_EQ(p.nwrites, 0);
	CHECK_STREQ(p.why, "nox2apic");
	p = plan(BASE | BSP | EN, false, true, 0); /* no CPUID bit */
	CHECK_EQ(p.to, APIC_MODE_XAPIC);
	CHECK_EQ(p.nwrites, 0);
	CHECK_STREQ(p.why, "cpu has no x2APIC");
	p = plan(BASE | BSP | EN, false, false, 0);
	CHECK_EQ(p.nwrites, 0);
	CHECK_STREQ(p.why, "nox2apic; cpu has no x2APIC");
}

static void test_firmware_x2apic(void)
{
	struct apic_plan p = plan(BASE | BSP | EN | EXTD, true, true, 3);

	CHECK_EQ(p.to, APIC_MODE_X2APIC);
	CHECK_EQ(p.nwrites, 0); /* kept as handed over */
	/* nox2apic: through "disabled", never x2APIC -> xAPIC directly */
	p = plan(BASE | BSP | EN | EXTD, true, false, 3);
	CHECK_EQ(p.to, APIC_MODE_XAPIC);
	CHECK_EQ(p.nwrites, 2);
	CHECK_EQ(p.write[0], BASE | BSP);
	CHECK_EQ(p.write[1], BASE | BSP | EN);
	/* an ID that 8 bits cannot hold: stays x2APIC despite nox2apic */
	p = plan(BASE | BSP | EN | EXTD, true, false, 256);
	CHECK_EQ(p.to, APIC_MODE_X2APIC);
	CHECK_EQ(p.nwrites, 0);
	p = plan(BASE | BSP | EN | EXTD, true, false, 255);
	CHECK_EQ(p.to, APIC_MODE_XAPIC);
	/* MSR says x2APIC even if CPUID did not: believe the MSR */
	p = plan(BASE | EN | EXTD, false, true, 0);
	CHECK_EQ(p.to, APIC_MODE_X2APIC);
	CHECK_EQ(p.nwrites, 0);
}

static void test_disabled_and_invalid(void)
{
	struct apic_plan p = plan(BASE | BSP, true, true, 0);

	CHECK_EQ(p.to, APIC_MODE_X2APIC);
	CHECK_EQ(p.nwrites, 2); /* disabled -> xAPIC -> x2APIC */
	p = plan(BASE | BSP, true, false, 0);
	CHECK_EQ(p.to, APIC_MODE_XAPIC);
	CHECK_EQ(p.nwrites, 1);
	p = plan(BASE | BSP | EXTD, true, true, 0); /* invalid */
	CHECK_EQ(p.from, APIC_MODE_INVALID);
	CHECK_EQ(p.nwrites, 3);
	CHECK_EQ(p.write[0], BASE | BSP);
	p = plan(BASE | EXTD, false, true, 0);
	CHECK_EQ(p.to, APIC_MODE_XAPIC);
	CHECK_EQ(p.nwrites, 2);
}

/* Every combination, with a random base and ID: the walk checks hold. */
static void test_all_combinations(void)
{
	test_rng_seed();
	for (int i = 0; i < 2000; i++) {
		uint64_t msr = (test_rand() & 0x000ffffffffff000ull) |
		               (test_rand() & (EN | EXTD | BSP));
		struct apic_plan p = plan(msr, test_rand() & 1, test_rand() & 1,
		                          (uint32_t)test_rand_below(512));

		CHECK(p.to == APIC_MODE_XAPIC || p.to == APIC_MODE_X2APIC);
	}
	CHECK_STREQ(apic_mode_name(APIC_MODE_X2APIC), "x2APIC");
	CHECK_STREQ(apic_mode_name((enum apic_mode)9), "?");
}

int main(void)
{
	test_from_xapic();
	test_firmware_x2apic();
	test_disabled_and_invalid();
	test_all_combinations();
	return test_finish();
}
