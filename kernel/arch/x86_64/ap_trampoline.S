/* SPDX-License-Identifier: MIT */
/*
 * Start-up code of an application processor (Intel SDM Vol. 3A, 9.4
 * "Multiple-processor (MP) initialization" and 9.8 "Initializing IA-32e
 * mode"). smp_boot.c copies [ap_tramp_start, ap_tramp_end) to the
 * boot-info's page below 640 KiB, fills in the data words at the end and
 * sends INIT-SIPI-SIPI with that page's number as the vector. The CPU
 * starts here in real mode with CS = page >> 4, IP = 0.
 *
 *   real mode:  CR4.PAE, CR3 = a low PML4 (identity-maps this page, and
 *               the kernel half as the kernel's), EFER.LME|NXE, then
 *               CR0.PE|PG at once: IA-32e mode, still 16-bit code
 *   ljmpl:      into this page's 64-bit code segment (identity-mapped)
 *   64-bit:     data segments, the stack and argument from the data
 *               words, jump to tr_entry (smp_boot.c's ap_main) in the
 *               kernel half
 *
 * Everything here is position independent: the page's physical address
 * is patched into tr_gdtr and tr_far by the kernel; the 64-bit code
 * reaches the data words RIP-relative.
 *
 *   page + 0         code (16-bit, then 64-bit)
 *   page + tr_gdt    null, 64-bit code (0x08), data (0x10)
 *   page + tr_gdtr   limit, base (patched)
 *   page + tr_far    offset (patched), selector 0x08
 *   page + tr_cr3    the low PML4, below 4 GiB
 *   page + tr_stack  the stack pointer ap_main starts with
 *   page + tr_entry  ap_main, a kernel address
 *   page + tr_arg    its argument (struct cpu *)
 */
#define CR0_PE   0x00000001
#define CR0_PG   0x80000000
#define CR4_PAE  0x20
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100
#define EFER_NXE 0x800

	.section .rodata, "a"
	.globl ap_tramp_start, ap_tramp_end
	.globl tr_gdtr, tr_far, tr_cr3, tr_stack, tr_entry, tr_arg, tr_long

	.code16
ap_tramp_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl tr_gdtr - ap_tramp_start
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl tr_cr3 - ap_tramp_start, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PE | CR0_PG), %eax
	movl %eax, %cr0
	ljmpl *(tr_far - ap_tramp_start)

	.code64
tr_long:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorl %eax, %eax
	movw %ax, %fs
	movw %ax, %gs
	movq tr_stack(%rip), %rsp
	movq tr_arg(%rip), %rdi
	xorl %ebp, %ebp /* the end of every backtrace */
	movq tr_entry(%rip), %rax
	jmpq *%rax

	.balign 16
tr_gdt:
	.quad 0
	.quad 0x00af9a000000ffff /* 0x08: code, 64-bit, DPL 0 */
	.quad 0x00cf92000000ffff /* 0x10: data */
tr_gdtr:
	.word 3 * 8 - 1
	.long 0 /* the page + (tr_gdt - ap_tramp_start) */
	.balign 8
tr_far:
	.long 0 /* the page + (tr_long - ap_tramp_start) */
	.word 0x08
	.balign 8
tr_cr3:
	.quad 0
tr_stack:
	.quad 0
tr_entry:
	.quad 0
tr_arg:
	.quad 0
ap_tramp_end:
	.globl tr_gdt
