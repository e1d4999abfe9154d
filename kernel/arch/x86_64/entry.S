/* SPDX-License-Identifier: MIT */
/* Kernel entry. The loader jumps here with:
 *   rdi = boot-info (direct-map virtual address)
 *   rsp = top of the boot stack (16-byte aligned), guard page below
 *   interrupts off, paging on with the loader's tables, CR0.WP, EFER.NXE */
	.section .text.entry, "ax"
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp		/* terminates frame-pointer backtraces */
	andq $-16, %rsp
	call kmain
1:	cli
	hlt
	jmp 1b
	.size _start, . - _start
