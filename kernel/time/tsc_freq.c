/* SPDX-License-Identifier: MIT */
/* The TSC frequency decision (see tsc_freq.h). */
#include "time/tsc_freq.h"

static enum tsc_leaf15 leaf15(const struct tsc_cpuid *c, uint64_t *hz)
{
	*hz = 0;
	if (c->max_leaf < 0x15 || !c->denom)
		return TSC_15_ABSENT;
	if (!c->numer)
		return TSC_15_NO_RATIO;
	if (!c->crystal_hz)
		return TSC_15_NO_CRYSTAL;
	/* 32 x 32 bits: no overflow in 64. */
	*hz = (uint64_t)c->crystal_hz * c->numer / c->denom;
	if (*hz < TSC_MIN_HZ || *hz > TSC_MAX_HZ) {
		*hz = 0;
		return TSC_15_BOGUS;
	}
	return TSC_15_COMPLETE;
}

/* (m - ref) / ref in ppm; |m - ref| < 2^40 and 10^6 < 2^20 keep it in
 * range, and both are below TSC_MAX_HZ < 2^37 here. */
static int64_t ppm_of(uint64_t m, uint64_t ref)
{
	return ((int64_t)m - (int64_t)ref) * 1000000 / (int64_t)ref;
}

void tsc_choose(const struct tsc_cpuid *c, uint64_t measured_hz,
                struct tsc_choice *out)
{
	*out = (struct tsc_choice){.hz = measured_hz};
	out->leaf15 = leaf15(c, &out->cpuid_hz);
	if (c->max_leaf >= 0x16)
		out->base_hz = (uint64_t)(c->base_mhz & 0xffff) * 1000000;
	if (out->leaf15 != TSC_15_COMPLETE)
		return;
	if (!measured_hz || measured_hz > TSC_MAX_HZ) {
		out->hz = out->cpuid_hz; /* nothing to check it against */
		out->from_cpuid = true;
		return;
	}
	out->compared = true;
	out->ppm = ppm_of(measured_hz, out->cpuid_hz);
	if (out->ppm >= -TSC_AGREE_PPM && out->ppm <= TSC_AGREE_PPM) {
		out->hz = out->cpuid_hz;
		out->from_cpuid = true;
	}
}

const char *tsc_leaf15_name(enum tsc_leaf15 s)
{
	switch (s) {
	case TSC_15_ABSENT:
		return "no cpuid 0x15";
	case TSC_15_NO_RATIO:
		return "cpuid 0x15 without a TSC/crystal ratio";
	case TSC_15_NO_CRYSTAL:
		return "cpuid 0x15 crystal frequency not enumerated "
		       "(model-specific)";
	case TSC_15_BOGUS:
		return "cpuid 0x15 out of range";
	case TSC_15_COMPLETE:
		return "cpuid 0x15";
	}
	return "?";
}
