/* SPDX-License-Identifier: MIT */
/*
 * The kernel's paging API over the live 4-level tables (bi->pml4_phys,
 * reached through the direct map), with invlpg. The logic is mm/'s
 * portable pagetable.c; this is the kernel's instance of it.
 *
 *   vm_map(va, pa, flags)   map a 4 KiB page; VM_WRITE | VM_EXEC together
 *                           is refused (PT_EWX): W^X lives in the API
 *   vm_unmap(va)            the frame it mapped, or MM_NO_PHYS
 *   vm_protect(va, flags)   change a mapped page's flags (same W^X rule)
 *
 * Intermediate tables come from the frame allocator and go back to it when
 * they empty. The loader's 2 MiB direct-map leaves are refused (PT_EHUGE),
 * never split: the direct map is not remapped at 4 KiB granularity.
 */
#ifndef KERNEL_MM_VM_H
#define KERNEL_MM_VM_H
#include <mm/pagetable.h>

#define VM_WRITE PT_WRITE
#define VM_EXEC  PT_EXEC

extern struct pt_space kernel_space;

/* Take over the live tables rooted at pml4_phys; tables come from fa. */
void vm_init(uint64_t pml4_phys, const struct mm_platform *plat,
             struct frame_alloc *fa);

int vm_map(uint64_t va, uint64_t pa, unsigned flags);
uint64_t vm_unmap(uint64_t va);
int vm_protect(uint64_t va, unsigned flags);
#endif
