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
 *   vm_query(va, &pa, &fl)  translate: the leaf's level, or 0
 *   vm_map_io(pa, len, c)   map device memory (VM_UC registers, VM_WC
 *                           frame buffers) in the I/O window, for good
 *
 * flags: VM_WRITE, VM_EXEC and a memory type, VM_WB (the default, RAM
 * and DMA buffers), VM_WC or VM_UC, which select the PAT entries that
 * <tern/pte.h> describes; VM_HUGE asks vm_map for one 2 MiB leaf,
 * VM_USER for a user-accessible page (lower half only).
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
#define VM_WB    PT_WB
#define VM_WC    PT_WC
#define VM_UC    PT_UC
#define VM_CACHE PT_CACHE
#define VM_HUGE  PT_HUGE
#define VM_USER  PT_USER

extern struct pt_space kernel_space;

/* Take over the live tables rooted at pml4_phys; tables come from fa. */
void vm_init(uint64_t pml4_phys, const struct mm_platform *plat,
             struct frame_alloc *fa);

int vm_map(uint64_t va, uint64_t pa, unsigned flags);
uint64_t vm_unmap(uint64_t va);
/* vm_unmap without the shootdown: the page is invalidated here and
 * collected for the next vm_flush_others, which the caller makes before
 * it lets go of the mm lock it holds, and before the frame is reused
 * (mm/'s unmap_pages, through the platform's tlb_flush: one cross-CPU
 * call per batch of pages instead of one per page). */
uint64_t vm_unmap_deferred(uint64_t va);
int vm_protect(uint64_t va, unsigned flags);
/* Invalidate on every other CPU what the kernel's tables dropped since the
 * last call (arch/tlb.h; vm_unmap and vm_protect do it themselves). Call
 * with the mm lock held, before it is let go. */
void vm_flush_others(void);
unsigned vm_query(uint64_t va, uint64_t *pa, unsigned *flags);

/* Map [pa, pa + len) read/write, NX, with memory type cache (VM_UC or
 * VM_WC) at a fresh address in the I/O window; ranges of 2 MiB or more
 * use 2 MiB leaves. Returns the virtual address of pa, or NULL if mm is
 * not up yet, the window is full or tables ran out. Permanent. */
void *vm_map_io(uint64_t pa, uint64_t len, unsigned cache);
#endif
