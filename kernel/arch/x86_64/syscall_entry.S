/* SPDX-License-Identifier: MIT */
/*
 * Ring 3 <-> ring 0: the SYSCALL entry, the way back (SYSRET or IRETQ) and
 * the first entry into a new program (user_enter).
 *
 * SYSCALL (SDM Vol. 2B, SYSCALL; Vol. 3A, 5.8.8) leaves RIP in rcx, RFLAGS in
 * r11 and RSP untouched; FMASK has cleared IF, so nothing interrupts the
 * stack switch. swapgs comes first, giving the kernel its per-CPU area
 * (percpu.h: gs:0 the kernel stack top, gs:8 a scratch slot), and again
 * right before SYSRET or IRETQ hands the user's back. An NMI or #MC
 * between a swapgs and its partner sees a kernel CS with the user's GS:
 * trap_entry.S's paranoid path checks the GS base itself.
 *
 * The frame built is a struct trap_frame (trap.h) with vector
 * TRAP_VEC_SYSCALL, so the system call and fault code read one layout:
 *
 *   ss = user data | 3, rsp = user rsp, rflags = r11, cs = user code | 3,
 *   rip = rcx, error 0, vector, then rax ... r15 as trap_common pushes them
 *
 * The way back: syscall_dispatch leaves tf->vector = 1 when SYSRET is safe
 * (a canonical lower-half RIP, the user selectors), else 0 and the frame
 * leaves through IRETQ. SYSRET to a non-canonical RIP would raise #GP in
 * ring 0 on the user's stack (CVE-2012-0217).
 */
#include <arch/gdt.h>
#include <arch/percpu.h>

#define TF_VECTOR 120

#include "arch/x86_64/trap_regs.h"

	.section .text, "ax"

	.globl syscall_entry
	.type syscall_entry, @function
syscall_entry:
	swapgs
	movq %rsp, %gs:PERCPU_SCRATCH
	movq %gs:PERCPU_KERNEL_RSP, %rsp
	pushq $(SEL_UDATA | 3)
	pushq %gs:PERCPU_SCRATCH
	pushq %r11
	pushq $(SEL_UCODE | 3)
	pushq %rcx
	pushq $0
	pushq $0x100
	PUSH_GPRS
	cld
	xorl %ebp, %ebp		/* backtraces end here */
	movq %rsp, %rdi
	sti
	call syscall_dispatch
	cli
	movq %rsp, %rdi
	jmp user_return
	.size syscall_entry, . - syscall_entry

/* _Noreturn void user_enter(struct trap_frame *tf): interrupts off; leave
 * for ring 3 with the registers in *tf (on the kernel stack). Also the
 * common tail of syscall_entry. */
	.globl user_enter
	.type user_enter, @function
user_enter:
	movq $0, TF_VECTOR(%rdi)	/* IRETQ: every register as given */
user_return:
	movq %rdi, %rsp
	POP_GPRS
	cmpq $1, (%rsp)
	jne 1f
	movq 16(%rsp), %rcx	/* rip */
	movq 32(%rsp), %r11	/* rflags */
	movq 40(%rsp), %rsp	/* user rsp: NMI and #MC use IST stacks */
	swapgs
	sysretq
1:	addq $16, %rsp
	swapgs
	.globl user_iretq
user_iretq:
	iretq
	.size user_enter, . - user_enter
