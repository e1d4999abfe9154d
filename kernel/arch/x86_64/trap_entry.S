/* SPDX-License-Identifier: MIT */
/* Exception entry: one 16-byte stub per vector, one common path. See
 * trap.h for the frame it builds. Vectors with a CPU error code (SDM Vol.
 * 3A, 6.3.1 Table 6-1): 8, 10-14, 17, 21, 29, 30. */
	.section .text, "ax"

.macro STUB vec
	.balign 16
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp trap_common
.endm

	.balign 16
	.globl trap_stubs
	.type trap_stubs, @function
trap_stubs:
	.irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	STUB \vec
	.endr
	.size trap_stubs, . - trap_stubs

	.type trap_common, @function
trap_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	movq %rsp, %rdi
	call trap_dispatch
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp		/* vector and error code */
	iretq
	.size trap_common, . - trap_common
