/* SPDX-License-Identifier: MIT */
/* The boot seed: every entropy source the loader can reach, mixed through
 * BLAKE2s (RFC 7693) into 32 bytes. A source that fails is skipped; TSC
 * jitter is always added, so the seed is never constant. */
#include "cpu.h"
#include "efi_glue.h"
#include <libk/blake2s.h>
#include <libk/string.h>

#define SEED_WORDS     4   /* 32 bytes per hardware source */
#define RDRAND_RETRIES 10  /* Intel DRNG guide, 5.2.1 */
#define RDSEED_RETRIES 100 /* RDSEED may run dry; back off with PAUSE */
#define JITTER_SAMPLES 256

static EFI_GUID rng_guid = EFI_RNG_PROTOCOL_GUID;

static bool efi_rng(uint8_t out[32])
{
	EFI_RNG_PROTOCOL *rng;

	if (EFI_ERROR(efi_bs->LocateProtocol(&rng_guid, NULL, (void **)&rng)))
		return false;
	return !EFI_ERROR(rng->GetRNG(rng, NULL, 32, out));
}

/* CPUID.01H:ECX.RDRAND[bit 30], CPUID.(07H,0):EBX.RDSEED[bit 18]. */
static bool has_rdrand(void)
{
	uint32_t r[4];

	cpu_cpuid(1, 0, r);
	return r[2] & (1u << 30);
}

static bool has_rdseed(void)
{
	uint32_t r[4];

	cpu_cpuid(0, 0, r);
	if (r[0] < 7)
		return false;
	cpu_cpuid(7, 0, r);
	return r[1] & (1u << 18);
}

/* SEED_WORDS words from one instruction, each with bounded retries. */
static bool hw_words(bool (*insn)(uint64_t *), unsigned retries,
                     uint64_t out[SEED_WORDS])
{
	unsigned i, t;

	for (i = 0; i < SEED_WORDS; i++) {
		for (t = 0; t < retries && !insn(&out[i]); t++)
			cpu_pause();
		if (t == retries)
			return false;
	}
	return true;
}

/* Timing noise: TSC deltas across short firmware stalls. */
static void tsc_jitter(struct blake2s_state *st)
{
	uint64_t prev = cpu_rdtsc(), now, d;
	unsigned i;

	for (i = 0; i < JITTER_SAMPLES; i++) {
		efi_bs->Stall(1);
		now = cpu_rdtsc();
		d = now - prev;
		prev = now;
		blake2s_update(st, &d, sizeof(d));
	}
	blake2s_update(st, &prev, sizeof(prev));
}

uint32_t efi_get_seed(uint8_t master[32])
{
	struct blake2s_state st;
	uint64_t words[SEED_WORDS];
	uint32_t sources = TERN_SEED_TSC;
	uint8_t buf[32];

	blake2s_init(&st, 32, NULL, 0);
	if (efi_rng(buf)) {
		blake2s_update(&st, buf, sizeof(buf));
		sources |= TERN_SEED_EFI_RNG;
	}
	if (has_rdseed() && hw_words(cpu_rdseed, RDSEED_RETRIES, words)) {
		blake2s_update(&st, words, sizeof(words));
		sources |= TERN_SEED_RDSEED;
	}
	if (has_rdrand() && hw_words(cpu_rdrand, RDRAND_RETRIES, words)) {
		blake2s_update(&st, words, sizeof(words));
		sources |= TERN_SEED_RDRAND;
	}
	tsc_jitter(&st);
	blake2s_final(&st, master);
	memset(buf, 0, sizeof(buf));
	memset(words, 0, sizeof(words));
	return sources;
}
