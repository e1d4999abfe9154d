/* SPDX-License-Identifier: MIT */
#include <libk/string.h>
#include <arch/cpu.h>
#include <arch/tlb.h>
#include <arch/syscall_arch.h>
#include <arch/thread_arch.h>
#include "mm/vm.h"

void thread_start(void);

/* The frame sched_switch pops (see switch.S): r15, r14, r13, r12, rbx,
 * rbp, return address. */
uint64_t thread_arch_init_stack(uint64_t top, void *fn, void *arg)
{
	uint64_t *sp = (uint64_t *)(top & ~15ull);

	*--sp = (uint64_t)(uintptr_t)thread_start;
	*--sp = 0;                        /* rbp */
	*--sp = 0;                        /* rbx */
	*--sp = (uint64_t)(uintptr_t)fn;  /* r12 */
	*--sp = (uint64_t)(uintptr_t)arg; /* r13 */
	*--sp = 0;                        /* r14 */
	*--sp = 0;                        /* r15 */
	return (uint64_t)(uintptr_t)sp;
}

/* SDM Vol. 3A, 2.5: CR0.EM (bit 2) makes x87/MMX fault with #NM (and,
 * with CR4.OSFXSR clear, SSE with #UD); CR0.TS (bit 3) makes them #NM;
 * CR4.OSFXSR (bit 9) and OSXMMEXCPT (bit 10) enable SSE. */
void thread_arch_forbid_fpu(void)
{
	uint64_t cr0, cr4;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr0 |= (1ull << 2) | (1ull << 3);
	cr4 &= ~((1ull << 9) | (1ull << 10));
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0) : "memory");
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
}

#define CR0_EM       (1ull << 2)
#define CR0_TS       (1ull << 3)
#define CR4_OSFXSR   (1ull << 9)
#define CR4_OSXMMEXC (1ull << 10)

/* x87 and SSE usable: for a process's thread (CR0.EM/TS clear, CR4's
 * FXSR and XMM exception bits set; AVX stays off: XCR0 is untouched). */
static void allow_fpu(void)
{
	uint64_t cr0, cr4;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	if (cr0 & (CR0_EM | CR0_TS))
		__asm__ volatile("mov %0, %%cr0"
		                 :
		                 : "r"(cr0 & ~(CR0_EM | CR0_TS))
		                 : "memory");
	if ((cr4 & (CR4_OSFXSR | CR4_OSXMMEXC)) != (CR4_OSFXSR | CR4_OSXMMEXC))
		__asm__ volatile("mov %0, %%cr4"
		                 :
		                 : "r"(cr4 | CR4_OSFXSR | CR4_OSXMMEXC)
		                 : "memory");
}

void thread_arch_fpu_init(uint8_t *area)
{
	LIBK_FN(memset)(area, 0, FPU_AREA_SIZE);
	area[0] = 0x7f; /* FCW 0x037f: all exceptions masked, 64-bit */
	area[1] = 0x03;
	area[24] = 0x80; /* MXCSR 0x1f80: all masked, round to nearest */
	area[25] = 0x1f;
}

void thread_arch_switch_space(uint8_t *prev_fpu, uint64_t cr3,
                              const uint8_t *next_fpu, uint64_t kstack_top)
{
	uint64_t want = cr3 ? cr3 : kernel_space.root;

	if (prev_fpu) /* prev ran with the FPU allowed: still so */
		__asm__ volatile("fxsave64 (%0)" : : "r"(prev_fpu) : "memory");
	if (cr3) {
		/* the kernel half as it is now (PML4 entries 256-511) */
		uint64_t *dst = mm_phys_to_virt(kernel_space.plat, cr3);
		const uint64_t *src =
		    mm_phys_to_virt(kernel_space.plat, kernel_space.root);

		LIBK_FN(memcpy)(dst + 256, src + 256, 256 * 8);
		arch_set_kernel_stack(kstack_top);
	}
	if (next_fpu) {
		allow_fpu();
		__asm__ volatile("fxrstor64 (%0)" : : "r"(next_fpu) : "memory");
	} else if (prev_fpu) {
		thread_arch_forbid_fpu();
	}
	tlb_load_space(want);
}

void thread_arch_fpu_save(uint8_t *area)
{
	__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void thread_arch_fpu_load(const uint8_t *area)
{
	__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

void thread_arch_leave_user(void)
{
	thread_arch_forbid_fpu();
	tlb_load_space(kernel_space.root);
}
