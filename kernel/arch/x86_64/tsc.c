/* SPDX-License-Identifier: MIT */
/* TSC frequency facts: CPUID leaves 15H, 16H, 80000007H (Intel SDM Vol.
 * 2A, CPUID) and a measurement against the HPET, else the PIT, else the
 * ACPI PM timer (the first that works). */
#include <arch/cpu.h>
#include <arch/hpet.h>
#include "arch/x86_64/pit.h"
#include <arch/pmtimer.h>
#include <arch/tsc.h>

#define SPIN_MAX 20000000u /* counter reads (~1 us each): a stuck counter */

/* TSC ticks and HPET nanoseconds across at least ms milliseconds; *ns 0
 * if the counter did not get there within SPIN_MAX reads. */
static uint64_t against_hpet(unsigned ms, uint64_t *ns)
{
	uint64_t h0 = hpet_counter(), t0 = rdtsc(), h1;
	unsigned spins = 0;

	do
		h1 = hpet_counter();
	while (hpet_ticks_to_ns(h1 - h0) < ms * 1000000ull &&
	       ++spins < SPIN_MAX);
	*ns = spins < SPIN_MAX ? hpet_ticks_to_ns(h1 - h0) : 0;
	return rdtsc() - t0;
}

/* One PIT interval of up to 54.9 ms, timed from its first to its last
 * tick (no programming overhead inside the measurement). */
static uint64_t against_pit(unsigned ms, uint64_t *ns)
{
	return pit_time_tsc(ms * 1000, ns);
}

/* The PM timer wraps (24 bits: every 4.7 s): sum the steps between
 * reads, each far shorter than a wrap. */
static uint64_t against_pmtimer(unsigned ms, uint64_t *ns)
{
	uint64_t want = (uint64_t)PMTIMER_HZ * ms / 1000, sum = 0;
	uint32_t prev = pmtimer_read();
	uint64_t t0 = rdtsc();

	for (unsigned spins = 0; sum < want; spins++) {
		uint32_t now = pmtimer_read();

		if (spins == SPIN_MAX) {
			*ns = 0;
			return 0;
		}
		sum += pmtimer_delta(prev, now);
		prev = now;
	}
	*ns = sum * 1000000000ull / PMTIMER_HZ;
	return rdtsc() - t0;
}

uint64_t tsc_calibrate(unsigned ms, const char **source)
{
	uint64_t ns = 0, ticks = 0;

	*source = "none";
	if (hpet_ready()) {
		ticks = against_hpet(ms, &ns);
		*source = "hpet";
	}
	if (!ns) {
		ticks = against_pit(ms, &ns);
		*source = "pit";
	}
	if (!ns && pmtimer_ready()) {
		ticks = against_pmtimer(ms, &ns);
		*source = "acpi pm timer";
	}
	if (!ns)
		return 0;
	return ticks * 1000000000ull / ns; /* fits: ticks < 2^34; 0 = failed */
}

void tsc_cpuid_read(struct tsc_cpuid *c)
{
	uint32_t a, b, cx, d, max_ext;

	*c = (struct tsc_cpuid){0};
	cpuid(0, &c->max_leaf, &b, &cx, &d);
	if (c->max_leaf >= 0x15)
		cpuid(0x15, &c->denom, &c->numer, &c->crystal_hz, &d);
	if (c->max_leaf >= 0x16) {
		cpuid(0x16, &a, &b, &cx, &d);
		c->base_mhz = a & 0xffff;
	}
	cpuid(0x80000000, &max_ext, &b, &cx, &d);
	if (max_ext >= 0x80000007) {
		cpuid(0x80000007, &a, &b, &cx, &d);
		c->invariant = d & (1u << 8);
	}
}
