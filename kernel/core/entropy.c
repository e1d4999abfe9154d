/* SPDX-License-Identifier: MIT */
/* Interrupt timing into the CSPRNG (see entropy.h). */
#include <libk/string.h>
#include <arch/irq_flags.h>
#include "core/csprng.h"
#include "core/entropy.h"

static struct {
	uint64_t ring[ENTROPY_BATCH]; /* samples XORed in, round robin */
	unsigned head;                /* next slot, mod ENTROPY_BATCH */
	unsigned count;               /* since the last drain, up to BATCH */
	uint64_t reseeds;
} pool;

void entropy_irq_sample(uint64_t tsc)
{
	pool.ring[pool.head++ % ENTROPY_BATCH] ^= tsc;
	if (pool.count < ENTROPY_BATCH)
		pool.count++;
}

void entropy_drain(void)
{
	uint64_t f;

	if (__atomic_load_n(&pool.count, __ATOMIC_RELAXED) < ENTROPY_BATCH)
		return;
	f = irq_save();
	csprng_add_entropy(pool.ring, sizeof(pool.ring));
	memset(pool.ring, 0, sizeof(pool.ring));
	pool.count = 0;
	pool.reseeds++;
	irq_restore(f);
}

uint64_t entropy_reseeds(void)
{
	return pool.reseeds;
}
