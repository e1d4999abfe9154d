/* SPDX-License-Identifier: MIT */
/* The kernel's address space: mm/'s page tables with invlpg here and a
 * shootdown on the other CPUs (arch/tlb.h). */
#include <arch/cpu.h>
#include <arch/tlb.h>
#include "mm/vm.h"

struct pt_space kernel_space;
static const struct mm_platform *vm_plat;
static struct tlb_batch changed; /* under the mm lock */

static void flush_page(void *ctx, uint64_t va)
{
	(void)ctx;
	invlpg(va);
	tlb_batch_add(&changed, va);
}

void vm_flush_others(void)
{
	tlb_batch_flush(&changed);
}

static void sync_others(void *ctx)
{
	(void)ctx;
	vm_flush_others();
}

void vm_init(uint64_t pml4_phys, const struct mm_platform *plat,
             struct frame_alloc *fa)
{
	vm_plat = plat;
	kernel_space = (struct pt_space){
	    .root = pml4_phys & PTE_ADDR,
	    .plat = plat,
	    .fa = fa,
	    .invalidate = flush_page,
	    .sync = sync_others,
	};
}

/* Each call holds the mm lock (mm/platform.h): the tables and the frames
 * they take are shared by every thread. */
int vm_map(uint64_t va, uint64_t pa, unsigned flags)
{
	uint64_t t = mm_lock(vm_plat);
	int rc = pt_map(&kernel_space, va, pa, flags);

	mm_unlock(vm_plat, t);
	return rc;
}

uint64_t vm_unmap(uint64_t va)
{
	uint64_t t = mm_lock(vm_plat);
	uint64_t pa = pt_unmap(&kernel_space, va, NULL);

	vm_flush_others();

	mm_unlock(vm_plat, t);
	return pa;
}

uint64_t vm_unmap_deferred(uint64_t va)
{
	uint64_t t = mm_lock(vm_plat);
	uint64_t pa = pt_unmap(&kernel_space, va, NULL);

	mm_unlock(vm_plat, t); /* the caller holds it too (mm/ nests) */
	return pa;
}

int vm_protect(uint64_t va, unsigned flags)
{
	uint64_t t = mm_lock(vm_plat);
	int rc = pt_protect(&kernel_space, va, flags);

	vm_flush_others();

	mm_unlock(vm_plat, t);
	return rc;
}

unsigned vm_query(uint64_t va, uint64_t *pa, unsigned *flags)
{
	uint64_t t = mm_lock(vm_plat);
	unsigned level = pt_query(&kernel_space, va, pa, flags);

	mm_unlock(vm_plat, t);
	return level;
}
