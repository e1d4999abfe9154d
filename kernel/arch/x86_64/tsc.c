/* SPDX-License-Identifier: MIT */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hpet.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/tsc.h"

/* TSC ticks and HPET nanoseconds across at least ms milliseconds. */
static uint64_t against_hpet(unsigned ms, uint64_t *ns)
{
	uint64_t h0 = hpet_counter(), t0 = rdtsc(), h1;

	do
		h1 = hpet_counter();
	while (hpet_ticks_to_ns(h1 - h0) < ms * 1000000ull);
	*ns = hpet_ticks_to_ns(h1 - h0);
	return rdtsc() - t0;
}

static uint64_t against_pit(unsigned ms, uint64_t *ns)
{
	uint64_t t0 = rdtsc();

	for (unsigned i = 0; i < ms; i += 10)
		pit_wait_us(10000);
	*ns = (ms + 9) / 10 * 10000000ull;
	return rdtsc() - t0;
}

uint64_t tsc_calibrate(unsigned ms, const char **source)
{
	uint64_t ns, ticks;

	if (hpet_ready()) {
		ticks = against_hpet(ms, &ns);
		*source = "hpet";
	} else {
		ticks = against_pit(ms, &ns);
		*source = "pit";
	}
	return ticks * 1000000000ull / ns; /* fits: ticks < 2^34 */
}
