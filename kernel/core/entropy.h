/* SPDX-License-Identifier: MIT */
/*
 * Interrupt timing as entropy for the kernel CSPRNG (core/csprng.h).
 * Every interrupt stores the TSC it arrived at in a small ring (one store,
 * in the handler); the idle thread, when a batch is full, mixes the ring
 * into the CSPRNG with csprng_add_entropy (BLAKE2s, under the CSPRNG's
 * lock). The expensive half thus runs only when a CPU has nothing else to
 * do, and never inside an interrupt. The ring has its own lock
 * ("entropy"): the sampling CPU and a draining idle thread on another CPU
 * meet there; a batch is copied out, so the two locks never nest.
 *
 *   irq_dispatch ─► entropy_irq_sample(rdtsc)   ring[ENTROPY_BATCH]
 *   idle thread  ─► entropy_drain ─► csprng_add_entropy(ring) (when full)
 */
#ifndef KERNEL_CORE_ENTROPY_H
#define KERNEL_CORE_ENTROPY_H
#include <stdint.h>

#define ENTROPY_BATCH 64 /* samples per reseed */

/* Record one interrupt's arrival time. Interrupts off (handler context). */
void entropy_irq_sample(uint64_t tsc);
/* If a batch is full, mix it into the CSPRNG. Any thread, any CPU; two
 * drains at once take the batch once. */
void entropy_drain(void);
/* How many batches have been mixed in since boot. */
uint64_t entropy_reseeds(void);
#endif
