/* SPDX-License-Identifier: MIT */
/* void ktest_int3_regs(uint64_t out[15])
 * Loads INT3_PATTERN + i into the 15 general registers (i: rax 0, rbx 1,
 * rcx 2, rdx 3, rsi 4, rdi 5, rbp 6, r8 7 ... r15 14), executes int3, and
 * stores what the registers hold afterwards into out[] in the same order.
 * Callee-saved registers are preserved for the C caller. */
#define P(i) (0x7e57c0de00000000 + i)
	.section .text, "ax"
	.globl ktest_int3_regs
	.type ktest_int3_regs, @function
ktest_int3_regs:
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdi		/* out */
	movabsq $P(0), %rax
	movabsq $P(1), %rbx
	movabsq $P(2), %rcx
	movabsq $P(3), %rdx
	movabsq $P(4), %rsi
	movabsq $P(5), %rdi
	movabsq $P(6), %rbp
	movabsq $P(7), %r8
	movabsq $P(8), %r9
	movabsq $P(9), %r10
	movabsq $P(10), %r11
	movabsq $P(11), %r12
	movabsq $P(12), %r13
	movabsq $P(13), %r14
	movabsq $P(14), %r15
	.globl ktest_int3_site
ktest_int3_site:
	int3
	pushq %rdi
	movq 8(%rsp), %rdi	/* out */
	movq %rax, 0(%rdi)
	movq %rbx, 8(%rdi)
	movq %rcx, 16(%rdi)
	movq %rdx, 24(%rdi)
	movq %rsi, 32(%rdi)
	popq %rax
	movq %rax, 40(%rdi)
	movq %rbp, 48(%rdi)
	movq %r8, 56(%rdi)
	movq %r9, 64(%rdi)
	movq %r10, 72(%rdi)
	movq %r11, 80(%rdi)
	movq %r12, 88(%rdi)
	movq %r13, 96(%rdi)
	movq %r14, 104(%rdi)
	movq %r15, 112(%rdi)
	popq %rdi
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size ktest_int3_regs, . - ktest_int3_regs
