/* SPDX-License-Identifier: MIT */
/* Exception and interrupt entry: one 16-byte stub per vector (0..255), one
 * common path. See trap.h for the frame it builds. Vectors with a CPU error
 * code (SDM Vol. 3A, 6.3.1 Table 6-1): 8, 10-14, 17, 21, 29, 30. Vectors
 * >= 32 go to irq_dispatch (kernel/arch/x86_64/irq_dispatch.c). */
#include "arch/x86_64/trap_regs.h"

	.section .text, "ax"

.macro STUB vec
	.balign 16
	.if (\vec >= 32)
	pushq $0
	.elseif (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $(\vec)
	jmp trap_common
.endm

	.balign 16
	.globl trap_stubs
	.type trap_stubs, @function
trap_stubs:
	.irp hi, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.irp lo, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	STUB (\hi * 16 + \lo)
	.endr
	.endr
	.size trap_stubs, . - trap_stubs

/* The frame after PUSH_GPRS: r15 at 0 ... rax at 112, then these. */
#define F_VECTOR 120
#define F_RIP    136
#define F_CS     144
#define MSR_GS_BASE 0xc0000101

/* GS (percpu.h): the kernel's per-CPU area while in the kernel. Coming
 * from ring 3, or from a fault of the IRETQ back there (GS already the
 * user's), swapgs in and out again; r12 (callee-saved) remembers. NMI,
 * #DF and #MC can arrive between any swapgs and its SYSRET or IRETQ, so
 * they read IA32_GS_BASE instead: a kernel address has bit 63 set. */
	.type trap_common, @function
trap_common:
	PUSH_GPRS
	cld
	xorl %r12d, %r12d
	movq F_VECTOR(%rsp), %rax
	cmpq $2, %rax		/* NMI */
	je 3f
	cmpq $8, %rax		/* #DF */
	je 3f
	cmpq $18, %rax		/* #MC */
	je 3f
	testb $3, F_CS(%rsp)
	jnz 4f
	leaq user_iretq(%rip), %rax
	cmpq %rax, F_RIP(%rsp)
	jne 5f
	jmp 4f
3:	movl $MSR_GS_BASE, %ecx
	rdmsr
	testl %edx, %edx
	js 5f			/* the kernel's already */
4:	swapgs
	movl $1, %r12d
5:	movq %rsp, %rdi
	cmpq $32, F_VECTOR(%rsp)
	jae 1f
	call trap_dispatch
	jmp 2f
1:	call irq_dispatch
2:	testl %r12d, %r12d
	jz 6f
	swapgs
6:	POP_GPRS
	addq $16, %rsp		/* vector and error code */
	iretq
	.size trap_common, . - trap_common
