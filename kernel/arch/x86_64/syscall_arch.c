/* SPDX-License-Identifier: MIT */
/* MSRs for SYSCALL/SYSRET (SDM Vol. 3A, 5.8.8; Vol. 4, MSR index). */
#include <libk/string.h>
#include <arch/cpu.h>
#include <arch/cpu_protect.h>
#include <arch/gdt.h>
#include <arch/percpu.h>
#include <arch/syscall_arch.h>

#define EFER_SCE  (1ull << 0)
#define MSR_STAR  0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
/* cleared on SYSCALL: IF, TF, DF, NT, AC */
#define FMASK_BITS (0x200ull | 0x100ull | 0x400ull | 0x4000ull | 0x40000ull)

void syscall_entry(void);

void syscall_arch_init(void)
{
	/* SYSCALL: CS = STAR[47:32], SS = +8. SYSRET (64-bit): CS =
	 * STAR[63:48] + 16, SS = STAR[63:48] + 8, both with RPL 3: hence
	 * user data right before user code in the GDT. */
	uint64_t star = (uint64_t)(SEL_UDATA - 8) << 48 | (uint64_t)SEL_KCODE
	                                                      << 32;

	wrmsr(MSR_STAR, star);
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)syscall_entry);
	wrmsr(MSR_FMASK, FMASK_BITS);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

void arch_set_kernel_stack(uint64_t top)
{
	this_percpu()->kernel_rsp = top;
	tss_set_rsp0(top);
}

void user_frame_init(struct trap_frame *tf, uint64_t rip, uint64_t rsp)
{
	LIBK_FN(memset)(tf, 0, sizeof(*tf));
	tf->rip = rip;
	tf->cs = SEL_UCODE | 3;
	tf->rflags = USER_RFLAGS;
	tf->rsp = rsp;
	tf->ss = SEL_UDATA | 3;
}
