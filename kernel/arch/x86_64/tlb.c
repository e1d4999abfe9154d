/* SPDX-License-Identifier: MIT */
/* TLB shootdown for the kernel's mappings (arch/tlb.h). */
#include <arch/cpu.h>
#include <arch/smp_call.h>
#include <arch/tlb.h>

struct tlb_stats tlb_stats;
bool tlb_shootdown_off;

void tlb_batch_add(struct tlb_batch *b, uint64_t va)
{
	if (b->n < TLB_BATCH)
		b->va[b->n] = va;
	if (b->n <= TLB_BATCH)
		b->n++;
}

/* On each target, from the cross-CPU call. */
static void flush_here(void *arg)
{
	const struct tlb_batch *b = arg;

	if (b->n > TLB_BATCH) {
		write_cr3(read_cr3());
		return;
	}
	for (unsigned i = 0; i < b->n; i++)
		invlpg(b->va[i]);
}

unsigned tlb_batch_flush(struct tlb_batch *b)
{
	unsigned cpus = 0;

	if (b->n && !tlb_shootdown_off) {
		cpus = smp_call_others(flush_here, b);
		if (cpus) {
			tlb_stats.shootdowns++;
			tlb_stats.pages += b->n > TLB_BATCH ? 0 : b->n;
			tlb_stats.full += b->n > TLB_BATCH;
		}
	}
	b->n = 0;
	return cpus;
}
