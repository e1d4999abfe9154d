/* SPDX-License-Identifier: MIT */
/* TLB shootdown for the kernel's mappings (arch/tlb.h). */
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/smp.h>
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

/* Any CPU counts (the kernel's flushes under the mm lock, a process's
 * under none). */
static void count(uint64_t *c, uint64_t n)
{
	__atomic_fetch_add(c, n, __ATOMIC_RELAXED);
}

/* b's pages out of the TLBs of the CPUs in mask (not this one). */
static unsigned flush_mask(uint64_t mask, struct tlb_batch *b)
{
	unsigned done = 0;

	if (b->n && !tlb_shootdown_off) {
		done = smp_call_mask(mask, flush_here, b);
		if (done) {
			count(&tlb_stats.shootdowns, 1);
			count(&tlb_stats.pages, b->n > TLB_BATCH ? 0 : b->n);
			count(&tlb_stats.full, b->n > TLB_BATCH);
		}
	}
	b->n = 0;
	return done;
}

unsigned tlb_batch_flush(struct tlb_batch *b)
{
	return flush_mask(~0ull, b);
}

/* While the CR3 write is under way the CPU is listed for both spaces:
 * the one it enters before it can cache any of its entries, the one it
 * leaves until its entries are gone. */
void tlb_load_space(uint64_t root)
{
	struct cpu *c = &cpus[arch_cpu_index()];
	uint64_t old = c->space;

	if (old == root && read_cr3() == root)
		return;
	__atomic_store_n(&c->leaving, old, __ATOMIC_SEQ_CST);
	__atomic_store_n(&c->space, root, __ATOMIC_SEQ_CST);
	if (read_cr3() != root)
		write_cr3(root);
	__atomic_store_n(&c->leaving, 0, __ATOMIC_RELEASE);
}

/* The CPUs other than this one with root loaded. The fence orders the
 * caller's table change before the reads (tlb.h). */
static uint64_t space_mask(uint64_t root)
{
	unsigned n = smp_cpus_tried();
	uint64_t mask = 0;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < n; i++)
		if (__atomic_load_n(&cpus[i].space, __ATOMIC_SEQ_CST) == root ||
		    __atomic_load_n(&cpus[i].leaving, __ATOMIC_SEQ_CST) == root)
			mask |= 1ull << i;
	return mask;
}

unsigned tlb_flush_space(uint64_t root, struct tlb_batch *b)
{
	uint64_t mask = space_mask(root) & ~(1ull << arch_cpu_index());

	unsigned done;

	if (!mask) {
		b->n = 0;
		return 0;
	}
	done = flush_mask(mask, b);
	if (done)
		count(&tlb_stats.spaces, 1);
	return done;
}

int tlb_space_cpu(uint64_t root)
{
	uint64_t mask = space_mask(root);

	return mask ? __builtin_ctzll(mask) : -1;
}
