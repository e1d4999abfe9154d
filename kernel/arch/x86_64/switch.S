/* SPDX-License-Identifier: MIT */
/*
 * Kernel thread context switch. Only the callee-saved registers of the
 * System V AMD64 ABI (rbx, rbp, r12-r15) need saving: the caller of
 * sched_switch already treats every other general register as clobbered.
 * No FPU/SSE/AVX state is saved: the kernel is built with
 * -mgeneral-regs-only, so no kernel thread ever has any (see
 * kernel/sched/README.md).
 *
 * A switched-out thread's stack, from its saved RSP upwards:
 *
 *   saved sp -> r15, r14, r13, r12, rbx, rbp, return address
 *
 * A new thread's stack is built the same way (thread_arch_init_stack) with
 * r12 = fn, r13 = arg and the return address thread_start.
 */
	.section .text, "ax"

/* void sched_switch(uint64_t *save_sp, uint64_t new_sp): interrupts off. */
	.globl sched_switch
	.type sched_switch, @function
sched_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size sched_switch, . - sched_switch

/* First instruction of every new thread: thread_entry(fn, arg) never
 * returns. RSP is 16-byte aligned here, so the call leaves it as the ABI
 * wants at a function's entry; RBP = 0 ends backtraces. */
	.globl thread_start
	.type thread_start, @function
thread_start:
	movq %r12, %rdi
	movq %r13, %rsi
	xorl %ebp, %ebp
	call thread_entry
	ud2
	.size thread_start, . - thread_start
