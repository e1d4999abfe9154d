/* SPDX-License-Identifier: MIT */
/*
 * _start, the entry point of every user program. The kernel (tern's ELF
 * loader, or Linux) enters it with rsp at the System V initial stack
 * (psABI 3.4.1: argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL) and
 * rsp 16-byte aligned. There is no return address: clear rbp so that frame
 * walks end here, hand the initial rsp to libc_start (start.c), which never
 * returns.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp
	mov %rsp, %rdi
	and $-16, %rsp
	call libc_start
	ud2
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
