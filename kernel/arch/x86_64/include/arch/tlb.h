/* SPDX-License-Identifier: MIT */
/*
 * TLB shootdown (Intel SDM Vol. 3A, 4.10.5): every CPU caches
 * translations, and a mapping changed on one CPU stays cached on the
 * others until they invalidate it themselves. A change collects the
 * pages it touched in a batch (each already invalidated on this CPU) and
 * then tlb_batch_flush has every other online CPU invalidate them in one
 * cross-CPU call (smp_call.h): INVLPG for each page, or a CR3 reload
 * when more than TLB_BATCH were collected (tern maps nothing global, so
 * that drops them all).
 *
 *   vm_unmap(va) ── pt_unmap ── invlpg(va) here, batch += va
 *                └─ tlb_batch_flush ── IPI ──▶ cpu 1..n: invlpg(va)
 *                                    ◀── all done ──┘
 *                   (only then the caller lets go of the mm lock, so a
 *                    freed frame is not reused while still cached)
 */
#ifndef KERNEL_ARCH_X86_64_TLB_H
#define KERNEL_ARCH_X86_64_TLB_H
#include <stdbool.h>
#include <stdint.h>

#define TLB_BATCH 32

struct tlb_batch {
	unsigned n; /* pages collected; above TLB_BATCH: flush all */
	uint64_t va[TLB_BATCH];
};

/* Remember va (already invalidated on this CPU). */
void tlb_batch_add(struct tlb_batch *b, uint64_t va);
/* Invalidate b's pages on every other online CPU and empty b. Returns
 * how many CPUs did. */
unsigned tlb_batch_flush(struct tlb_batch *b);

/*
 * A process's address space is cached only by the CPUs that have its
 * tables in CR3. Each CPU publishes that root in cpus[].space before it
 * loads it, and the root it leaves in cpus[].leaving until the load is
 * done (tlb_load_space), so a change made while the space is live
 * elsewhere reaches exactly those CPUs (tlb_flush_space):
 *
 *   cpu 0: pt_unmap(u, va) ─ batch ─ fence ─ read cpus[*].space
 *                                             │ == u's root on cpu 2
 *                                             └─ IPI ─▶ cpu 2: invlpg(va)
 *   cpu 2: leaving = old, space = root ─ mov root, %cr3 ─ leaving = 0
 *
 * A CPU that publishes after the fence loads the tables after the change
 * and so never caches the old entry; one that leaves the space drops its
 * entries with the CR3 write (tern uses no PCIDs), and is called until
 * then.
 */
/* Make root the tables of the running CPU (interrupts off or the thread
 * pinned by the switch): publish, then load CR3 if it differs. root may
 * be the kernel's. */
void tlb_load_space(uint64_t root);
/* Invalidate b's pages (already invalidated here if root is live here)
 * on every other CPU that has root loaded, then empty b. Returns how
 * many CPUs did. */
unsigned tlb_flush_space(uint64_t root, struct tlb_batch *b);
/* The lowest CPU index with root loaded, or -1. */
int tlb_space_cpu(uint64_t root);

/* Statistics, and a switch for the test that shows a missing shootdown
 * leaves a stale translation (ktest smp_tlb_shootdown). */
struct tlb_stats {
	uint64_t shootdowns; /* cross-CPU calls made */
	uint64_t pages;      /* pages invalidated that way */
	uint64_t full;       /* of those calls, whole-TLB flushes */
	uint64_t spaces;     /* of those calls, for a process's space */
};
extern struct tlb_stats tlb_stats;
extern bool tlb_shootdown_off;
#endif
