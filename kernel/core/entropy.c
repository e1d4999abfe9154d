/* SPDX-License-Identifier: MIT */
/* Interrupt timing into the CSPRNG (see entropy.h). */
#include <libk/string.h>
#include "sync/spinlock.h"
#include "core/csprng.h"
#include "core/entropy.h"

/* The pool, under pool_lock: CPU 0's interrupts sample into it while an
 * idle thread on any CPU drains it. */
static struct spinlock pool_lock = SPINLOCK_INIT("entropy");
static struct {
	uint64_t ring[ENTROPY_BATCH]; /* samples XORed in, round robin */
	unsigned head;                /* next slot, mod ENTROPY_BATCH */
	unsigned count;               /* since the last drain, up to BATCH */
	uint64_t reseeds;
} pool;

void entropy_irq_sample(uint64_t tsc)
{
	spin_lock(&pool_lock);
	pool.ring[pool.head++ % ENTROPY_BATCH] ^= tsc;
	if (pool.count < ENTROPY_BATCH)
		pool.count++;
	spin_unlock(&pool_lock);
}

/* Take a full batch out of the pool (it is cleared); false if none. */
static bool take_batch(uint64_t out[ENTROPY_BATCH])
{
	uint64_t f = spin_lock_irqsave(&pool_lock);
	bool full = pool.count >= ENTROPY_BATCH;

	if (full) {
		memcpy(out, pool.ring, sizeof(pool.ring));
		memset(pool.ring, 0, sizeof(pool.ring));
		pool.count = 0;
		pool.reseeds++;
	}
	spin_unlock_irqrestore(&pool_lock, f);
	return full;
}

void entropy_drain(void)
{
	uint64_t batch[ENTROPY_BATCH];

	if (__atomic_load_n(&pool.count, __ATOMIC_RELAXED) < ENTROPY_BATCH)
		return;
	if (take_batch(batch))
		csprng_add_entropy(batch, sizeof(batch));
	memset(batch, 0, sizeof(batch));
}

uint64_t entropy_reseeds(void)
{
	return __atomic_load_n(&pool.reseeds, __ATOMIC_RELAXED);
}
