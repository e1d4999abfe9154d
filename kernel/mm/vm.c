/* SPDX-License-Identifier: MIT */
/* The kernel's address space: mm/'s page tables with invlpg. */
#include "arch/x86_64/cpu.h"
#include "mm/vm.h"

struct pt_space kernel_space;

static void flush_page(void *ctx, uint64_t va)
{
	(void)ctx;
	invlpg(va);
}

void vm_init(uint64_t pml4_phys, const struct mm_platform *plat,
	     struct frame_alloc *fa)
{
	kernel_space = (struct pt_space){
		.root = pml4_phys & PTE_FRAME,
		.plat = plat,
		.fa = fa,
		.invalidate = flush_page,
	};
}

int vm_map(uint64_t va, uint64_t pa, unsigned flags)
{
	return pt_map(&kernel_space, va, pa, flags);
}

uint64_t vm_unmap(uint64_t va)
{
	return pt_unmap(&kernel_space, va, NULL);
}

int vm_protect(uint64_t va, unsigned flags)
{
	return pt_protect(&kernel_space, va, flags);
}
