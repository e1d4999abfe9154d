/* SPDX-License-Identifier: MIT */
/* The kernel's CSPRNG instance and its lock (csprng.h). */
#include "sync/spinlock.h"
#include "core/csprng.h"

struct csprng kernel_csprng;
/* Protects kernel_csprng: key, buffer and avail change together. */
static struct spinlock csprng_lock = SPINLOCK_INIT("csprng");

void csprng_get(void *buf, size_t n)
{
	uint64_t f = spin_lock_irqsave(&csprng_lock);

	csprng_fill(&kernel_csprng, buf, n);
	spin_unlock_irqrestore(&csprng_lock, f);
}

uint64_t csprng_u64(void)
{
	uint64_t v;

	csprng_get(&v, sizeof(v));
	return v;
}

void csprng_add_entropy(const void *data, size_t n)
{
	uint64_t f = spin_lock_irqsave(&csprng_lock);

	csprng_reseed(&kernel_csprng, data, n);
	spin_unlock_irqrestore(&csprng_lock, f);
}
