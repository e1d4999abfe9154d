/* SPDX-License-Identifier: MIT */
/*
 * Which TSC frequency to believe: CPUID's word or a measurement. Portable
 * (host-tested); the arch code reads CPUID (tsc.c) and measures against
 * the HPET, the PIT or the ACPI PM timer.
 *
 * CPUID leaves (Intel SDM Vol. 2A, CPUID; Vol. 3B "Time-Stamp Counter"):
 *   15H  EAX denominator, EBX numerator of the TSC/crystal-clock ratio
 *        (EBX 0: ratio not enumerated), ECX crystal frequency in Hz
 *        (0: not enumerated; then the crystal is model-specific and this
 *        code does not guess it from a model table)
 *        TSC Hz = ECX * EBX / EAX
 *   16H  EAX[15:0] processor base frequency in MHz (informational: 1 MHz
 *        resolution, and "base" is the marketed value, not a measurement)
 *   80000007H EDX[8] invariant TSC: constant rate in every P-, C- and
 *        T-state
 *
 * Policy: CPUID 15H wins when it is complete (all three values) and a
 * measurement agrees within TSC_AGREE_PPM; otherwise the measurement wins.
 * Without a measurement a complete 15H is used unchecked.
 */
#ifndef KERNEL_TIME_TSC_FREQ_H
#define KERNEL_TIME_TSC_FREQ_H
#include <stdbool.h>
#include <stdint.h>

#define TSC_AGREE_PPM 1000 /* 0.1 %: far above HPET/PIT error over 50 ms */
#define TSC_MIN_HZ    1000000ull /* outside 1 MHz..100 GHz: bogus */
#define TSC_MAX_HZ    100000000000ull

struct tsc_cpuid {
	uint32_t max_leaf;   /* CPUID.0:EAX; 15H/16H only read below it */
	uint32_t denom;      /* 15H EAX */
	uint32_t numer;      /* 15H EBX */
	uint32_t crystal_hz; /* 15H ECX */
	uint32_t base_mhz;   /* 16H EAX[15:0] */
	bool invariant;      /* 80000007H EDX[8] */
};

enum tsc_leaf15 {
	TSC_15_ABSENT,     /* max leaf below 15H, or EAX 0 */
	TSC_15_NO_RATIO,   /* EBX 0 */
	TSC_15_NO_CRYSTAL, /* ratio, but ECX 0: crystal model-specific */
	TSC_15_BOGUS,      /* complete but outside TSC_MIN_HZ..TSC_MAX_HZ */
	TSC_15_COMPLETE,
};

struct tsc_choice {
	uint64_t hz;     /* the frequency to use; 0 = none at all */
	bool from_cpuid; /* true: 15H won, false: the measurement */
	enum tsc_leaf15 leaf15;
	uint64_t cpuid_hz; /* 15H's frequency when COMPLETE, else 0 */
	uint64_t base_hz;  /* 16H base frequency, 0 if not enumerated */
	bool compared;     /* ppm is meaningful (15H complete, measured) */
	int64_t ppm;       /* (measured - cpuid_hz) / cpuid_hz * 10^6 */
};

/* Decide from c and measured_hz (0 = no measurement). Always fills *out. */
void tsc_choose(const struct tsc_cpuid *c, uint64_t measured_hz,
                struct tsc_choice *out);

/* A few words on what leaf 15H said ("crystal not enumerated", ...). */
const char *tsc_leaf15_name(enum tsc_leaf15 s);
#endif
