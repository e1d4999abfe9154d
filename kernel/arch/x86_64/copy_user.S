/* SPDX-License-Identifier: MIT */
/*
 * The only kernel code that touches user memory, between STAC and CLAC
 * (SMAP, SDM Vol. 3A, 4.6.1). A page fault on any instruction in
 * [copy_user_begin, copy_user_end) is not a kernel bug: the #PF handler
 * (uaccess.c) resumes at copy_user_fault, which returns -EFAULT from
 * whichever routine faulted (none of them touches the stack, so the
 * return address is still on top). The range is the exception table.
 * The callers (kernel/proc/uaccess.c) have checked the user range.
 * STAC and CLAC are #UD on a CPU without SMAP: uaccess_smap (set from
 * CPUID at boot) says whether to run them.
 */
	.section .text, "ax"

.macro STAC
	testb $1, uaccess_smap(%rip)
	jz 9f
	stac
9:
.endm
.macro CLAC
	testb $1, uaccess_smap(%rip)
	jz 9f
	clac
9:
.endm

	.globl copy_user_begin, copy_user_end, copy_user_fault
	.balign 16
copy_user_begin:

/* long copy_user_raw(void *dst, const void *src, size_t n): 0 or -EFAULT */
	.globl copy_user_raw
	.type copy_user_raw, @function
copy_user_raw:
	STAC
	movq %rdx, %rcx
	rep movsb
	CLAC
	xorl %eax, %eax
	ret
	.size copy_user_raw, . - copy_user_raw

/* long strncpy_user_raw(char *dst, const char *src, size_t max): the
 * length copied (NUL included in the copy, not in the count), -1 if no
 * NUL within max bytes, or -EFAULT */
	.globl strncpy_user_raw
	.type strncpy_user_raw, @function
strncpy_user_raw:
	STAC
	xorl %eax, %eax
1:	cmpq %rdx, %rax
	jae 2f
	movb (%rsi,%rax), %cl
	movb %cl, (%rdi,%rax)
	testb %cl, %cl
	jz 3f
	incq %rax
	jmp 1b
2:	movq $-1, %rax
3:	CLAC
	ret
	.size strncpy_user_raw, . - strncpy_user_raw

copy_user_end:

	.type copy_user_fault, @function
copy_user_fault:
	CLAC
	movq $-14, %rax		/* -EFAULT */
	ret
	.size copy_user_fault, . - copy_user_fault
