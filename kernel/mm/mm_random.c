/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include "arch/x86_64/cpu.h"
#include "mm/mm_random.h"

static uint64_t state;
static bool have_rdrand;

/* splitmix64 step (a public-domain mixing function: add a constant, then
 * two xor-shift-multiply rounds). */
static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* RDRAND (SDM Vol. 1, 7.3.17): CF = 1 when a value was delivered; the
 * recommended bounded retry. */
static bool rdrand64(uint64_t *v)
{
	for (int i = 0; i < 10; i++) {
		unsigned char ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

void mm_random_init(const uint8_t *seed, size_t n)
{
	uint32_t a, b, c, d;

	state = rdtsc();
	for (size_t i = 0; i < n; i++)
		state = (state << 8 | state >> 56) ^ seed[i] ^ mix(&state);
	cpuid(1, &a, &b, &c, &d);
	have_rdrand = c & (1u << 30); /* CPUID.01H:ECX.RDRAND[bit 30] */
}

uint64_t mm_random_u64(void)
{
	uint64_t r = 0;

	if (have_rdrand)
		rdrand64(&r);
	return r ^ mix(&state) ^ rdtsc();
}
