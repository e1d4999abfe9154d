/* SPDX-License-Identifier: MIT */
/*
 * A kernel read that may fault (tests: is this address mapped on this
 * CPU?). A #PF on an instruction in [probe_begin, probe_end) resumes at
 * probe_fault (probe.c's handler), which returns -1 from the routine.
 */
	.section .text, "ax"
	.globl probe_begin, probe_end, probe_fault

/* long probe_read64(const volatile void *p, uint64_t *out): 0 with *out
 * = *p, or -1 if the read faulted */
	.globl probe_read64
	.type probe_read64, @function
	.balign 16
probe_begin:
probe_read64:
	movq (%rdi), %rax
	movq %rax, (%rsi)
	xorl %eax, %eax
	ret
	.size probe_read64, . - probe_read64
probe_end:

probe_fault:
	movq $-1, %rax
	ret
