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

	.type trap_common, @function
trap_common:
	PUSH_GPRS
	cld
	movq %rsp, %rdi
	cmpq $32, 120(%rsp)	/* the vector */
	jae 1f
	call trap_dispatch
	jmp 2f
1:	call irq_dispatch
2:
	POP_GPRS
	addq $16, %rsp		/* vector and error code */
	iretq
	.size trap_common, . - trap_common
